using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.LabelConfig;
using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Pages;

/// <summary>
/// A plain labelling page: one radio group per &lt;Choices&gt; and a text box per &lt;TextArea&gt;; the
/// task and its data come from the API (<see cref="TaskOpening"/>). Submit posts to LS's annotation
/// API with the session cookie (as LS's own editor does) and then moves on. Stable ids for browser
/// tests, present once the task is loaded: #labeling-task-id, #task-data,
/// #choice-{control}-{n} (labelled by the choice's value), #textarea-{control},
/// #submit-annotation, #skip-task; #no-more-tasks when the stream is done; #annotation-status.
/// </summary>
public static class LabelingPage
{
    /// <param name="taskId">The task of <c>?task=N</c>; null for the labelling stream.</param>
    public static IResult Render(ProjectRecord project, int? taskId, UserRecord user, Links links, string afterSubmit)
    {
        var stream = taskId is null;
        var (config, _) = LabelConfigParser.Parse(project.LabelConfig);
        var controls = config?.Controls ?? [];
        var body = new StringBuilder()
            .Append($"<h1>{Html.E(project.Title)}</h1>")
            .Append($"<p>Signed in as <span id=\"current-user\">{Html.E(user.Email)}</span></p>")
            .Append("<div id=\"task-head\"></div>")
            .Append("<div id=\"task-view\" hidden><div id=\"task-data-slot\"></div>")
            .Append("<form id=\"labeling-form\" onsubmit=\"return false\">");
        foreach (var control in controls)
            body.Append(ControlBlock(control));
        body.Append("<button id=\"submit-annotation\" type=\"button\">Submit</button> ")
            .Append("<button id=\"skip-task\" type=\"button\">Skip</button>")
            .Append(stream ? " <button id=\"history-back\" type=\"button\">Previous task</button>" : "")
            .Append("</form></div><p id=\"annotation-status\" role=\"status\"></p><p id=\"draft-status\"></p>")
            .Append($"<p><a id=\"back-to-tasks\" href=\"{Html.E(links.To($"/projects/{project.Id}/data"))}\">Back to the task list</a></p>")
            .Append(Script(project.Id, taskId, controls, links, afterSubmit));
        return Html.Page(stream ? project.Title : $"Task {taskId}", body.ToString());
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

    // Calls what LS's editor calls, in its order (TaskOpening); a draft is autosaved on every change
    // and becomes the annotation on submit.
    private static string Script(int projectId, int? taskId, IReadOnlyList<ControlTag> controls, Links links, string afterSubmit)
    {
        var supported = controls.Where(c => c.Type is "Choices" or "TextArea")
            .Select(c => new { name = c.Name, toName = c.ToName.Split(',')[0], type = c.Type.ToLowerInvariant() });
        return $$"""
            <script>
            (function () {
              {{TaskOpening.Script(projectId, taskId, links)}}
              const controls = {{JsonSerializer.Serialize(supported)}};
              const started = Date.now();
              const draftStatus = document.getElementById('draft-status');
              let task = null;
              let draftId = null;
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
              function isImageUrl(text) {
                if (text.startsWith('data:image/')) return true;
                const url = /^(https?:\/\/|\/)/i.test(text);
                return url && /\.(png|jpe?g|gif|webp|svg|bmp)$/i.test(text.split('?')[0]);
              }
              function dataBlock(data) {
                const block = document.createElement('div');
                block.id = 'task-data';
                const list = document.createElement('dl');
                for (const [key, value] of Object.entries(data)) {
                  const term = document.createElement('dt');
                  term.textContent = key;
                  const shown = document.createElement('dd');
                  shown.dataset.key = key;
                  const text = typeof value === 'string' ? value : JSON.stringify(value);
                  if (isImageUrl(text)) {
                    const image = document.createElement('img');
                    image.src = text;
                    image.alt = key;
                    image.style.maxWidth = '480px';
                    shown.append(image);
                  } else {
                    shown.textContent = text;
                  }
                  list.append(term, shown);
                }
                block.append(list);
                return block;
              }
              async function saveDraft() {
                draftStatus.textContent = 'Saving draft...';
                const draft = { result: regions(), lead_time: (Date.now() - started) / 1000 };
                const saved = draftId === null
                  ? await call('POST', '/tasks/' + task.id + '/drafts', draft)
                  : await call('PATCH', '/drafts/' + draftId + '/', draft);
                draftId = saved.id;
                draftStatus.textContent = 'Draft saved';
              }
              (async function load() {
                const head = document.getElementById('task-head');
                task = await openTask();
                if (task === null) {
                  showNoMoreTasks(head);
                  return;
                }
                if (task.drafts.length) draftId = task.drafts[task.drafts.length - 1].id;
                document.getElementById('task-data-slot').replaceChildren(dataBlock(task.data));
                showTaskLine(task, head, {{JsonSerializer.Serialize(taskId is null ? " (labelling stream)" : "")}});
                document.getElementById('task-view').hidden = false;
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
                const response = await fetch(api + '/tasks/' + task.id + '/annotations/', {
                  method: 'POST',
                  credentials: 'same-origin',
                  headers: { 'Content-Type': 'application/json' },
                  body: JSON.stringify({ result: cancelled ? [] : regions(), was_cancelled: cancelled, lead_time: (Date.now() - started) / 1000, task: task.id, draft_id: draftId })
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
}
