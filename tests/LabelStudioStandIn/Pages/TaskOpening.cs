using System.Text.Json;
using Labelit.LabelStudioStandIn.Options;

namespace Labelit.LabelStudioStandIn.Pages;

/// <summary>
/// How both labelling pages get their task, as LS's frontend does: the page itself carries no task;
/// its script asks the API. In the stream it asks for the next task (<c>POST
/// /api/dm/actions?id=next_task</c>, then the stream history); with <c>?task=N</c> it reads
/// <c>GET /api/tasks/N/</c>. So whatever stands between the browser and LS (Labelit's proxy, which
/// narrows an annotator's stream and refuses another's task) decides what the page shows.
/// The script defines <c>call(method, path, body)</c> and <c>openTask()</c> (the task, or null
/// when the stream has no task left); a refused call is written to #annotation-status.
/// </summary>
public static class TaskOpening
{
    public static string Script(int projectId, int? taskId, Links links) => $$"""
        const api = {{JsonSerializer.Serialize(links.To("/api"))}};
        const status = document.getElementById('annotation-status');
        async function call(method, path, body) {
          const response = await fetch(api + path, {
            method: method,
            credentials: 'same-origin',
            headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body)
          });
          if (!response.ok) {
            const error = new Error(method + ' ' + path + ' failed: ' + response.status + ' ' + await response.text());
            error.status = response.status;
            status.textContent = error.message;
            throw error;
          }
          return response.status === 204 ? null : response.json();
        }
        async function openTask() {
          await call('GET', '/current-user/whoami');
          await call('GET', '/users/');
          await call('GET', '/ml/?project={{projectId}}');
          if ({{(taskId is null ? "true" : "false")}}) {
            let next;
            try {
              next = await call('POST', '/dm/actions?id=next_task&project={{projectId}}', {});
            } catch (e) {
              if (e.status !== 404) throw e;
              status.textContent = '';
              return null;
            }
            await call('GET', '/projects/{{projectId}}/label-stream-history/');
            return await call('GET', '/tasks/' + next.id + '/');
          }
          return await call('GET', '/tasks/{{taskId ?? 0}}/');
        }
        function showTaskLine(task, where, suffix) {
          const line = document.createElement('p');
          line.id = 'task-line';
          line.append('Task ');
          const id = document.createElement('span');
          id.id = 'labeling-task-id';
          id.textContent = String(task.id);
          line.append(id, suffix);
          where.replaceChildren(line);
        }
        function showNoMoreTasks(where) {
          const done = document.createElement('p');
          done.id = 'no-more-tasks';
          done.textContent = 'No more tasks to label.';
          where.replaceChildren(done);
        }
        """;
}
