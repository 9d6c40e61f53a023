using System.Text.Json;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Pages;

/// <summary>
/// The labelling page with LS's real editor (Label Studio Frontend 1.4.0, served from
/// STANDIN_EDITOR_DIR). The task comes from the API (<see cref="TaskOpening"/>); the editor's own
/// Submit and Skip buttons post to the annotation API with the session cookie, then the page moves
/// on like the simple one. #labeling-task-id, #no-more-tasks and #annotation-status keep their
/// meaning; the editor draws everything else.
/// </summary>
public static class EditorLabelingPage
{
    /// <param name="taskId">The task of <c>?task=N</c>; null for the labelling stream.</param>
    public static IResult Render(ProjectRecord project, int? taskId, UserRecord user, Links links, string afterSubmit)
    {
        var settings = new JsonObject
        {
            ["config"] = project.LabelConfig,
            ["interfaces"] = new JsonArray("panel", "update", "submit", "skip", "controls", "infobar", "topbar",
                "instruction", "side-column", "annotations:menu", "annotations:add-new", "annotations:delete",
                "predictions:menu"),
            ["user"] = new JsonObject { ["pk"] = user.Id, ["firstName"] = user.FirstName, ["lastName"] = user.LastName },
        };
        var body = $$"""
            <link rel="stylesheet" href="{{Html.E(links.To("/label-studio-frontend/css/main.css"))}}">
            <h1>{{Html.E(project.Title)}}</h1>
            <p>Signed in as <span id="current-user">{{Html.E(user.Email)}}</span>
             | <a id="back-to-tasks" href="{{Html.E(links.To($"/projects/{project.Id}/data"))}}">Back to the task list</a></p>
            <div id="task-head"></div>
            <p id="annotation-status" role="status"></p>
            <div id="label-studio"></div>
            <script src="{{Html.E(links.To("/label-studio-frontend/js/main.js"))}}"></script>
            <script>
            (function () {
              {{TaskOpening.Script(project.Id, taskId, links)}}
              // Default JSON escaping writes < > & as \u003C etc., so nothing here can close this script.
              const settings = {{settings.ToJsonString()}};
              const started = Date.now();
              let task = null;
              async function send(result, cancelled) {
                status.textContent = 'Saving...';
                const response = await fetch(api + '/tasks/' + task.id + '/annotations/', {
                  method: 'POST',
                  credentials: 'same-origin',
                  headers: { 'Content-Type': 'application/json' },
                  body: JSON.stringify({ result: result, was_cancelled: cancelled, lead_time: (Date.now() - started) / 1000, task: task.id })
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
              (async function load() {
                const head = document.getElementById('task-head');
                task = await openTask();
                if (task === null) {
                  showNoMoreTasks(head);
                  return;
                }
                settings.task = { id: task.id, data: task.data, annotations: [], predictions: [] };
                new LabelStudio('label-studio', settings);
                showTaskLine(task, head, '');
              })();
            })();
            </script>
            """;
        return Html.Page(taskId is null ? project.Title : $"Task {taskId}", body);
    }
}
