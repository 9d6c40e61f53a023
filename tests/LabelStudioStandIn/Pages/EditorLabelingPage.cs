using System.Text.Json;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Pages;

/// <summary>
/// The labelling page with LS's real editor (Label Studio Frontend 1.4.0, served from
/// STANDIN_EDITOR_DIR). The editor's own Submit and Skip buttons post to the annotation API with
/// the session cookie, then the page moves on like the simple one. #labeling-task-id and
/// #annotation-status keep their meaning; the editor draws everything else.
/// </summary>
public static class EditorLabelingPage
{
    public static IResult Render(ProjectRecord project, TaskRecord task, UserRecord user, Links links, string afterSubmit)
    {
        var settings = new JsonObject
        {
            ["config"] = project.LabelConfig,
            ["interfaces"] = new JsonArray("panel", "update", "submit", "skip", "controls", "infobar", "topbar",
                "instruction", "side-column", "annotations:menu", "annotations:add-new", "annotations:delete",
                "predictions:menu"),
            ["user"] = new JsonObject { ["pk"] = user.Id, ["firstName"] = user.FirstName, ["lastName"] = user.LastName },
            ["task"] = new JsonObject
            {
                ["id"] = task.Id,
                ["data"] = task.Data.DeepClone(),
                ["annotations"] = new JsonArray(),
                ["predictions"] = new JsonArray(),
            },
        };
        var body = $$"""
            <link rel="stylesheet" href="{{Html.E(links.To("/label-studio-frontend/css/main.css"))}}">
            <h1>{{Html.E(project.Title)}}</h1>
            <p>Task <span id="labeling-task-id">{{task.Id}}</span> | signed in as <span id="current-user">{{Html.E(user.Email)}}</span>
             | <a id="back-to-tasks" href="{{Html.E(links.To($"/projects/{project.Id}/data"))}}">Back to the task list</a></p>
            <p id="annotation-status" role="status"></p>
            <div id="label-studio"></div>
            <script src="{{Html.E(links.To("/label-studio-frontend/js/main.js"))}}"></script>
            <script>
            (function () {
              // Default JSON escaping writes < > & as \u003C etc., so task data cannot close this script.
              const settings = {{settings.ToJsonString()}};
              const started = Date.now();
              const status = document.getElementById('annotation-status');
              async function send(result, cancelled) {
                status.textContent = 'Saving...';
                const response = await fetch({{JsonSerializer.Serialize(links.To($"/api/tasks/{task.Id}/annotations/"))}}, {
                  method: 'POST',
                  credentials: 'same-origin',
                  headers: { 'Content-Type': 'application/json' },
                  body: JSON.stringify({ result: result, was_cancelled: cancelled, lead_time: (Date.now() - started) / 1000, task: {{task.Id}} })
                });
                if (!response.ok) {
                  status.textContent = 'Saving failed: ' + response.status + ' ' + await response.text();
                  return;
                }
                status.textContent = 'Saved';
                window.location.href = {{JsonSerializer.Serialize(afterSubmit)}};
              }
              settings.onLabelStudioLoad = function (ls) {
                const annotation = ls.annotationStore.addAnnotation({ userGenerate: true });
                ls.annotationStore.selectAnnotation(annotation.id);
              };
              settings.onSubmitAnnotation = function (ls, annotation) { send(annotation.serializeAnnotation(), false); };
              settings.onUpdateAnnotation = function (ls, annotation) { send(annotation.serializeAnnotation(), false); };
              settings.onSkipTask = function () { send([], true); };
              new LabelStudio('label-studio', settings);
            })();
            </script>
            """;
        return Html.Page($"Task {task.Id}", body);
    }
}
