using System.Text;
using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Pages;

/// <summary>
/// The browser pages behind LS's own URLs: /projects/ (project list), /projects/{id}/data (the data
/// manager's task list), /projects/{id}/data?task={taskId} (label one task) and
/// /projects/{id}/data?labeling=1 (the labelling stream: the next task this user has not done).
/// Every link is written under LABEL_STUDIO_HOST's prefix.
/// </summary>
public static class DataManagerPages
{
    public static IEndpointRouteBuilder MapDataManagerPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http, Authenticator auth, Links links) =>
            Results.Redirect(links.To(auth.SessionUser(http.Request) is null ? "/user/login/" : "/projects/")));
        app.MapGet("projects/", Projects);
        app.MapGet("projects/{id:int}/", (int id, Links links) => Results.Redirect(links.To($"/projects/{id}/data")));
        app.MapGet("projects/{id:int}/data", Data).WithMetadata(new AnySlashAttribute());
        return app;
    }

    private static IResult Projects(HttpContext http, Authenticator auth, StandInStore store, Links links)
    {
        if (auth.SessionUser(http.Request) is null)
            return LoginRedirect(http, links);
        var items = store.Read(s => s.Projects.OrderBy(p => p.Id).Select(p =>
            $"<li><a id=\"project-{p.Id}\" href=\"{Html.E(links.To($"/projects/{p.Id}/data"))}\">{Html.E(p.Title)}</a></li>").ToList());
        return Html.Page("Projects", $"""
            <h1>Projects</h1>
            <ul id="project-list">{string.Concat(items)}</ul>
            <p><a id="logout-link" href="{Html.E(links.To("/user/logout/"))}">Log out</a></p>
            """);
    }

    private static IResult Data(int id, HttpContext http, Authenticator auth, StandInStore store, Links links, StandInOptions options)
    {
        var user = auth.SessionUser(http.Request);
        if (user is null)
            return LoginRedirect(http, links);
        var project = store.Read(s => s.Projects.FirstOrDefault(p => p.Id == id));
        if (project is null)
            return Html.Page("Not found", "<h1>Not Found</h1><p>The project does not exist.</p>", StatusCodes.Status404NotFound);

        var query = http.Request.Query;
        // The real LS editor when its files are configured, unless a test asks for the simple page.
        var realEditor = EditorFiles.Available(options) && query["editor"] != "simple";
        IResult Label(TaskRecord task, string after, bool stream) => realEditor
            ? EditorLabelingPage.Render(project, task, user, links, links.To(after))
            : LabelingPage.Render(project, task, user, links, links.To(after), stream);
        if (int.TryParse(query["task"], out var taskId))
        {
            var task = store.Read(s => s.Tasks.FirstOrDefault(t => t.Id == taskId && t.ProjectId == id));
            if (task is null)
                return Html.Page("Not found", "<h1>Not Found</h1><p>The task does not exist.</p>", StatusCodes.Status404NotFound);
            var nextTask = store.Read(s => s.Tasks.Where(t => t.ProjectId == id && t.Id > taskId).Select(t => (int?)t.Id).Min());
            var after = nextTask is { } nextId ? $"/projects/{id}/data?task={nextId}{KeepEditorChoice(query)}" : $"/projects/{id}/data";
            return Label(task, after, stream: false);
        }
        if (query["labeling"] == "1")
        {
            var next = store.Read(s => Apis.LabelStream.NextTaskFor(s, project, user.Id));
            return next is null
                ? Html.Page(project.Title, $"""
                    <h1>{Html.E(project.Title)}</h1>
                    <p id="no-more-tasks">No more tasks to label.</p>
                    <p><a id="back-to-tasks" href="{Html.E(links.To($"/projects/{id}/data"))}">Back to the task list</a></p>
                    """)
                : Label(next, $"/projects/{id}/data?labeling=1" + KeepEditorChoice(query), stream: true);
        }
        return TaskList(project, store, links);
    }

    private static IResult TaskList(ProjectRecord project, StandInStore store, Links links)
    {
        var rows = store.Read(s => s.Tasks.Where(t => t.ProjectId == project.Id).OrderBy(t => t.Id).Select(t =>
        {
            var done = s.Annotations.Count(a => a.TaskId == t.Id && !a.WasCancelled);
            var href = links.To($"/projects/{project.Id}/data?task={t.Id}");
            return $"<tr id=\"task-{t.Id}\"><td>{t.Id}</td><td>{Html.E(t.Data.ToJsonString())}</td>"
                + $"<td class=\"annotation-count\">{done}</td>"
                + $"<td><a id=\"label-task-{t.Id}\" href=\"{Html.E(href)}\">Label</a></td></tr>";
        }).ToList());
        var body = new StringBuilder()
            .Append($"<h1 id=\"project-title\">{Html.E(project.Title)}</h1>")
            .Append($"<p><a id=\"label-all-tasks\" href=\"{Html.E(links.To($"/projects/{project.Id}/data?labeling=1"))}\">Label All Tasks</a>")
            .Append($" | <a id=\"projects-link\" href=\"{Html.E(links.To("/projects/"))}\">Projects</a></p>")
            .Append("<table id=\"task-list\"><thead><tr><th>ID</th><th>Data</th><th>Annotations</th><th></th></tr></thead><tbody>")
            .Append(string.Concat(rows))
            .Append("</tbody></table>")
            .Append("<p id=\"dm-status\" role=\"status\"></p>")
            .Append(DataManagerScript(project.Id, links.To("/api")));
        return Html.Page(project.Title, body.ToString());
    }

    // LS's Data Manager on first open: its tabs, a first tab created when there is none, the members.
    // A refused call is LS's "RUNTIME ERROR" dialog.
    private static string DataManagerScript(int projectId, string api) => $$"""
        <script>
        (async function () {
          const api = {{System.Text.Json.JsonSerializer.Serialize(api)}};
          const status = document.getElementById('dm-status');
          async function call(method, path, body) {
            const response = await fetch(api + path, { method: method, credentials: 'same-origin',
              headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
              body: body === undefined ? undefined : JSON.stringify(body) });
            if (!response.ok) throw new Error('RUNTIME ERROR: ' + method + ' ' + path + ' answered ' + response.status + ' ' + await response.text());
            return response.json();
          }
          try {
            const views = await call('GET', '/dm/views/?project={{projectId}}');
            if (!views.length) {
              const tab = await call('POST', '/dm/views/', { project: {{projectId}}, data: { title: 'Default', type: 'list', target: 'tasks', ordering: [], hiddenColumns: {}, filters: { conjunction: 'and', items: [] } } });
              await call('PATCH', '/dm/views/' + tab.id + '/', { project: {{projectId}}, data: Object.assign({}, tab.data, { ordering: ['tasks:id'] }) });
            }
            await call('GET', '/users/');
            status.textContent = 'ready';
          } catch (e) {
            status.textContent = e.message;
          }
        })();
        </script>
        """;

    private static string KeepEditorChoice(IQueryCollection query) => query["editor"] == "simple" ? "&editor=simple" : "";

    private static IResult LoginRedirect(HttpContext http, Links links)
    {
        var here = links.To(http.Request.Path + http.Request.QueryString);
        return Results.Redirect(links.To("/user/login/") + "?next=" + Uri.EscapeDataString(here));
    }
}

/// <summary>Marks a page that answers with or without a trailing slash.</summary>
public sealed class AnySlashAttribute : Attribute;
