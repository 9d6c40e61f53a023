using System.Net;
using System.Text;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Progress;
using Labelit.Worker.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Progress;

public sealed class ProgressReaderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_read_label_studio_refuses_keeps_the_figures_and_records_why_in_words_until_a_read_works()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var project = await labelit.AddProjectAsync("Refusals", await labelit.AddUserAsync("manager", "Manager"));
        await using var dataSource = NpgsqlDataSource.Create(labelit.ConnectionString);
        var ls = new ScriptedLabelStudio();
        var reader = Reader(dataSource, labelit, ls, new ProgressOptions());

        Assert.Equal(ProgressReader.Outcome.Read, await reader.ReadAsync(project, Target, CancellationToken.None));
        Assert.Equal(1, await LabelledAsync(labelit, project));

        ls.Refuse = true;
        Assert.Equal(ProgressReader.Outcome.Refused, await reader.ReadAsync(project, Target, CancellationToken.None));
        Assert.Equal(1, await LabelledAsync(labelit, project));
        Assert.Equal(2, await labelit.ScalarAsync<int>("SELECT tasks_total FROM progress_reads WHERE project_id = @project", new { project }));
        var failure = await labelit.ScalarAsync<string>("SELECT failure FROM progress_reads WHERE project_id = @project", new { project });
        Assert.StartsWith("Label Studio refused to list the project's tasks, so these figures may be behind.", failure);
        Assert.DoesNotContain("500", failure);

        ls.Refuse = false;
        Assert.Equal(ProgressReader.Outcome.Read, await reader.ReadAsync(project, Target, CancellationToken.None));
        Assert.Null(await labelit.ScalarAsync<string?>("SELECT failure FROM progress_reads WHERE project_id = @project", new { project }));
    }

    [Fact]
    public async Task A_read_of_every_task_forgets_the_tasks_deleted_in_label_studio()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var project = await labelit.AddProjectAsync("Deletions", await labelit.AddUserAsync("manager", "Manager"));
        await using var dataSource = NpgsqlDataSource.Create(labelit.ConnectionString);
        var ls = new ScriptedLabelStudio();
        var reader = Reader(dataSource, labelit, ls, new ProgressOptions { FullReadHours = 0 }); // every read reads every task

        Assert.Equal(ProgressReader.Outcome.Read, await reader.ReadAsync(project, Target, CancellationToken.None));
        Assert.Equal(1, await LabelledAsync(labelit, project));
        ls.LabelledTaskDeleted = true;
        Assert.Equal(ProgressReader.Outcome.Read, await reader.ReadAsync(project, Target, CancellationToken.None));
        Assert.Equal(0, await LabelledAsync(labelit, project));
        Assert.Equal(0, await labelit.ScalarAsync<int>("SELECT count(*) FROM progress_annotations WHERE project_id = @project", new { project }));
        Assert.Equal(1, await labelit.ScalarAsync<int>("SELECT count(*) FROM progress_tasks WHERE project_id = @project", new { project }));
    }

    private static readonly LabelStudioTarget Target = new(new Uri("http://ls.invalid/"), "token", 1);

    private static ProgressReader Reader(NpgsqlDataSource dataSource, Installation labelit, ScriptedLabelStudio ls, ProgressOptions options) =>
        new(dataSource, labelit.Secrets, new LabelStudioTaskChanges(new HttpClient(ls)), new ProgressRecorder(dataSource),
            TimeProvider.System, Microsoft.Extensions.Options.Options.Create(options), NullLogger<ProgressReader>.Instance);

    private static Task<int> LabelledAsync(Installation labelit, long project) =>
        labelit.ScalarAsync<int>("SELECT count(*) FROM progress_tasks WHERE project_id = @project AND labelled", new { project });

    /// <summary>Answers the task list as LS's Data Manager does (two tasks, one labelled; then only the other one), or a server error while refusing.</summary>
    private sealed class ScriptedLabelStudio : HttpMessageHandler
    {
        public bool Refuse { get; set; }

        public bool LabelledTaskDeleted { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Refuse)
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("<h1>Server Error (500)</h1>") });
            var now = DateTime.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
            var body = request.RequestUri!.Query.Contains("query=", StringComparison.Ordinal) && !request.RequestUri.Query.Contains("%22value%22%3A0%7D", StringComparison.Ordinal)
                ? """{"total": 0, "tasks": []}""" // past the last id: nothing more
                : LabelledTaskDeleted ? $$"""{"total": 1, "tasks": [{"id": 2, "updated_at": "{{now}}", "annotations": []}]}"""
                : $$"""
                  {"total_annotations": 1, "total_predictions": 0, "total": 2, "tasks": [
                    {"id": 1, "updated_at": "{{now}}", "annotations": [{"id": 7, "completed_by": 3, "was_cancelled": false, "lead_time": 4.5, "created_at": "{{now}}", "updated_at": "{{now}}"}]},
                    {"id": 2, "updated_at": "{{now}}", "annotations": []}]}
                  """;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
