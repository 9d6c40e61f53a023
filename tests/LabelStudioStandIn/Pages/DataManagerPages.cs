using System.Text;
using System.Text.Json;
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
        IResult Label(int? taskId, string after) => realEditor
            ? EditorLabelingPage.Render(project, taskId, user, links, links.To(after))
            : LabelingPage.Render(project, taskId, user, links, links.To(after));
        if (int.TryParse(query["task"], out var taskId))
        {
            // Where Submit goes next; the page reads the task itself through the API.
            var nextTask = store.Read(s => s.Tasks.Where(t => t.ProjectId == id && t.Id > taskId).Select(t => (int?)t.Id).Min());
            var after = nextTask is { } nextId ? $"/projects/{id}/data?task={nextId}{KeepEditorChoice(query)}" : $"/projects/{id}/data";
            return Label(taskId, after);
        }
        if (query["labeling"] == "1")
            return Label(null, $"/projects/{id}/data?labeling=1" + KeepEditorChoice(query));
        return TaskList(project, links);
    }

    // The Data Manager's task list, drawn by its script from GET /api/tasks as LS's is: nothing of the
    // list is in the page itself.
    private static IResult TaskList(ProjectRecord project, Links links)
    {
        var body = new StringBuilder()
            .Append($"<h1 id=\"project-title\">{Html.E(project.Title)}</h1>")
            .Append($"<p><a id=\"label-all-tasks\" href=\"{Html.E(links.To($"/projects/{project.Id}/data?labeling=1"))}\">Label All Tasks</a>")
            .Append($" | <a id=\"projects-link\" href=\"{Html.E(links.To("/projects/"))}\">Projects</a></p>")
            .Append("<div id=\"task-list-slot\"></div>")
            .Append("<p id=\"dm-status\" role=\"status\"></p>")
            .Append(DataManagerScript(project.Id, links));
        return Html.Page(project.Title, body.ToString());
    }

    // LS's Data Manager on first open: its tabs, a first tab created when there is none, the members,
    // then the tab's tasks page by page (GET /api/tasks?project=&view=&page=&page_size=, as LS's list
    // asks for them). A refused call is LS's "RUNTIME ERROR" dialog.
    private static string DataManagerScript(int projectId, Links links) => $$"""
        <script>
        (async function () {
          const api = {{JsonSerializer.Serialize(links.To("/api"))}};
          const taskPage = {{JsonSerializer.Serialize(links.To($"/projects/{projectId}/data?task="))}};
          const status = document.getElementById('dm-status');
          async function call(method, path, body) {
            const response = await fetch(api + path, { method: method, credentials: 'same-origin',
              headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
              body: body === undefined ? undefined : JSON.stringify(body) });
            if (!response.ok) throw new Error('RUNTIME ERROR: ' + method + ' ' + path + ' answered ' + response.status + ' ' + await response.text());
            return response.json();
          }
          function row(task) {
            const tr = document.createElement('tr');
            tr.id = 'task-' + task.id;
            const cells = [String(task.id), JSON.stringify(task.data), String(task.total_annotations)].map(text => {
              const td = document.createElement('td');
              td.textContent = text;
              return td;
            });
            cells[2].className = 'annotation-count';
            const link = document.createElement('a');
            link.id = 'label-task-' + task.id;
            link.href = taskPage + task.id;
            link.textContent = 'Label';
            const action = document.createElement('td');
            action.append(link);
            tr.append(...cells, action);
            return tr;
          }
          try {
            let views = await call('GET', '/dm/views/?project={{projectId}}');
            if (!views.length) {
              const tab = await call('POST', '/dm/views/', { project: {{projectId}}, data: { title: 'Default', type: 'list', target: 'tasks', ordering: [], hiddenColumns: {}, filters: { conjunction: 'and', items: [] } } });
              views = [await call('PATCH', '/dm/views/' + tab.id + '/', { project: {{projectId}}, data: Object.assign({}, tab.data, { ordering: ['tasks:id'] }) })];
            }
            await call('GET', '/users/');
            const rows = [];
            for (let page = 1; ; page++) {
              const answer = await call('GET', '/tasks?page=' + page + '&page_size=30&view=' + views[0].id + '&project={{projectId}}');
              rows.push(...answer.tasks.map(row));
              if (answer.tasks.length === 0 || rows.length >= answer.total) break;
            }
            const table = document.createElement('table');
            table.id = 'task-list';
            table.innerHTML = '<thead><tr><th>ID</th><th>Data</th><th>Annotations</th><th></th></tr></thead>';
            const body = document.createElement('tbody');
            body.append(...rows);
            table.append(body);
            document.getElementById('task-list-slot').replaceChildren(table);
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
