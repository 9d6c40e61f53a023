using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.LabelConfig;
using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Pages;

/// <summary>
/// A plain labelling page: the task's data, one radio group per &lt;Choices&gt; and a text box per
/// &lt;TextArea&gt;. Submit posts to LS's annotation API with the session cookie (as LS's own editor
/// does) and then moves on. Stable ids for browser tests: #labeling-task-id, #task-data,
/// #choice-{control}-{n} (labelled by the choice's value), #textarea-{control},
/// #submit-annotation, #skip-task, #annotation-status.
/// </summary>
public static class LabelingPage
{
    public static IResult Render(ProjectRecord project, TaskRecord task, UserRecord user, Links links, string afterSubmit, bool stream)
    {
        var (config, _) = LabelConfigParser.Parse(project.LabelConfig);
        var controls = config?.Controls ?? [];
        var body = new StringBuilder()
            .Append($"<h1>{Html.E(project.Title)}</h1>")
            .Append($"<p>Task <span id=\"labeling-task-id\">{task.Id}</span>")
            .Append(stream ? " (labelling stream)" : "")
            .Append($" | signed in as <span id=\"current-user\">{Html.E(user.Email)}</span></p>")
            .Append("<div id=\"task-data\">").Append(DataBlock(task.Data)).Append("</div>")
            .Append("<form id=\"labeling-form\" onsubmit=\"return false\">");
        foreach (var control in controls)
            body.Append(ControlBlock(control));
        body.Append("<button id=\"submit-annotation\" type=\"button\">Submit</button> ")
            .Append("<button id=\"skip-task\" type=\"button\">Skip</button>")
            .Append(stream ? " <button id=\"history-back\" type=\"button\">Previous task</button>" : "")
            .Append("</form><p id=\"annotation-status\" role=\"status\"></p><p id=\"draft-status\"></p>")
            .Append($"<p><a id=\"back-to-tasks\" href=\"{Html.E(links.To($"/projects/{project.Id}/data"))}\">Back to the task list</a></p>")
            .Append(Script(project.Id, task.Id, controls, links, afterSubmit, stream));
        return Html.Page($"Task {task.Id}", body.ToString());
    }

    private static string DataBlock(JsonObject data)
    {
        var html = new StringBuilder("<dl>");
        foreach (var (key, value) in data)
        {
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
            html.Append($"<dt>{Html.E(key)}</dt><dd data-key=\"{Html.E(key)}\">");
            html.Append(IsImageUrl(text) ? $"<img src=\"{Html.E(text)}\" alt=\"{Html.E(key)}\" style=\"max-width:480px\">" : Html.E(text));
            html.Append("</dd>");
        }
        return html.Append("</dl>").ToString();
    }

    private static string ControlBlock(ControlTag control)
    {
        var html = new StringBuilder($"<fieldset data-control=\"{Html.E(control.Name)}\"><legend>{Html.E(control.Name)}</legend>");
        switch (control.Type)
        {
            case "Choices":
                for (var i = 0; i < control.Options.Count; i++)
                {
                    var id = $"choice-{control.Name}-{i}";
                    html.Append($"<input type=\"radio\" id=\"{Html.E(id)}\" name=\"{Html.E(control.Name)}\" value=\"{Html.E(control.Options[i])}\">")
                        .Append($"<label for=\"{Html.E(id)}\">{Html.E(control.Options[i])}</label> ");
                }
                break;
            case "TextArea":
                html.Append($"<textarea id=\"textarea-{Html.E(control.Name)}\" name=\"{Html.E(control.Name)}\"></textarea>");
                break;
            default:
                html.Append($"<p class=\"unsupported\">The stand-in's simple editor cannot draw &lt;{Html.E(control.Type)}&gt; results.</p>");
                break;
        }
        return html.Append("</fieldset>").ToString();
    }

    // Calls what LS's editor calls, in its order: who is signed in, the members, the ML backends,
    // the stream's next task and history; a draft is autosaved on every change and becomes the
    // annotation on submit.
    private static string Script(int projectId, int taskId, IReadOnlyList<ControlTag> controls, Links links, string afterSubmit, bool stream)
    {
        var api = links.To("/api");
        var supported = controls.Where(c => c.Type is "Choices" or "TextArea")
            .Select(c => new { name = c.Name, toName = c.ToName.Split(',')[0], type = c.Type.ToLowerInvariant() });
        var controlsJson = JsonSerializer.Serialize(supported);
        return $$"""
            <script>
            (function () {
              const controls = {{controlsJson}};
              const started = Date.now();
              const status = document.getElementById('annotation-status');
              function regions() {
                const result = [];
                for (const c of controls) {
                  let value = null;
                  if (c.type === 'choices') {
                    const checked = document.querySelector('input[name="' + CSS.escape(c.name) + '"]:checked');
                    if (checked) value = { choices: [checked.value] };
                  } else {
                    const text = document.getElementById('textarea-' + c.name).value;
                    if (text) value = { text: [text] };
                  }
                  if (value) result.push({ id: Math.random().toString(36).slice(2, 12), from_name: c.name, to_name: c.toName, type: c.type, origin: 'manual', value: value });
                }
                return result;
              }
              const api = {{JsonSerializer.Serialize(api)}};
              const draftStatus = document.getElementById('draft-status');
              let draftId = null;
              async function call(method, path, body) {
                const response = await fetch(api + path, {
                  method: method,
                  credentials: 'same-origin',
                  headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
                  body: body === undefined ? undefined : JSON.stringify(body)
                });
                if (!response.ok) {
                  status.textContent = method + ' ' + path + ' failed: ' + response.status + ' ' + await response.text();
                  throw new Error(status.textContent);
                }
                return response.status === 204 ? null : response.json();
              }
              async function saveDraft() {
                draftStatus.textContent = 'Saving draft...';
                const draft = { result: regions(), lead_time: (Date.now() - started) / 1000 };
                const saved = draftId === null
                  ? await call('POST', '/tasks/{{taskId}}/drafts', draft)
                  : await call('PATCH', '/drafts/' + draftId + '/', draft);
                draftId = saved.id;
                draftStatus.textContent = 'Draft saved';
              }
              (async function load() {
                await call('GET', '/current-user/whoami');
                await call('GET', '/users/');
                await call('GET', '/ml/?project={{projectId}}');
                if ({{(stream ? "true" : "false")}}) {
                  await call('POST', '/dm/actions?id=next_task&project={{projectId}}', {});
                  await call('GET', '/projects/{{projectId}}/label-stream-history/');
                }
                const task = await call('GET', '/tasks/{{taskId}}/');
                if (task.drafts.length) draftId = task.drafts[task.drafts.length - 1].id;
                document.body.dataset.editorReady = 'true';
              })();
              document.getElementById('labeling-form').addEventListener('change', () => saveDraft());
              const back = document.getElementById('history-back');
              if (back) back.addEventListener('click', async () => {
                const history = await call('GET', '/projects/{{projectId}}/label-stream-history/');
                if (history.length) window.location.href = {{JsonSerializer.Serialize(links.To($"/projects/{projectId}/data?task="))}} + history[history.length - 1].task_id;
              });
              async function send(cancelled) {
                status.textContent = 'Saving...';
                const response = await fetch(api + '/tasks/{{taskId}}/annotations/', {
                  method: 'POST',
                  credentials: 'same-origin',
                  headers: { 'Content-Type': 'application/json' },
                  body: JSON.stringify({ result: cancelled ? [] : regions(), was_cancelled: cancelled, lead_time: (Date.now() - started) / 1000, task: {{taskId}}, draft_id: draftId })
                });
                if (!response.ok) {
                  status.textContent = 'Saving failed: ' + response.status + ' ' + await response.text();
                  return;
                }
                status.textContent = 'Saved';
                window.location.href = {{JsonSerializer.Serialize(afterSubmit)}};
              }
              document.getElementById('submit-annotation').addEventListener('click', () => send(false));
              document.getElementById('skip-task').addEventListener('click', () => send(true));
            })();
            </script>
            """;
    }

    private static bool IsImageUrl(string text) =>
        (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("/", StringComparison.Ordinal) || text.StartsWith("data:image/", StringComparison.Ordinal))
        && (text.StartsWith("data:image/", StringComparison.Ordinal)
            || new[] { ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp" }.Any(ext =>
                text.Split('?')[0].EndsWith(ext, StringComparison.OrdinalIgnoreCase)));
}
