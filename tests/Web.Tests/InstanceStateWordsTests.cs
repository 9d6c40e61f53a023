using Dapper;
using Labelit.Data.Instances;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>Label Studio failures and waits are told in words with the next step; the technical reason is one click away for managers.</summary>
public sealed class InstanceStateWordsTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private const string NotInstalled = "The LS process 11164 stopped with exit code 127. Last output: label-studio: 1: exec: label-studio: not found";

    [Theory]
    [InlineData(NotInstalled, "Label Studio is not installed on this server: install it (pip install label-studio)")]
    [InlineData("The container labelit-ls-7 stopped with exit code 137.", "ran out of memory")]
    [InlineData("LS did not answer GET /health/ 3 times in a row (each within 00:00:05); it was restarted.", "did not become ready in time")]
    [InlineData("Could not start: Cannot connect to the Docker daemon at unix:///var/run/docker.sock.", "cannot reach the container engine")]
    [InlineData("Something nobody foresaw", "stopped unexpectedly. Labelit restarts it by itself")]
    public void A_failure_reason_becomes_a_sentence_with_the_next_step(string reason, string expected)
    {
        var text = InstanceStateWords.Describe(new InstanceRoute(1, "p", InstanceStates.Failed, null, reason, false, null));
        Assert.Contains(expected, text.Words);
        Assert.DoesNotContain("exit code", text.Words);
        Assert.Equal(reason, text.Detail);
    }

    [Fact]
    public async Task The_project_page_says_what_to_do_and_keeps_the_exit_code_behind_details_for_its_manager_only()
    {
        var annotator = await app.CreateUserAsync($"words-{Guid.NewGuid():N}@example.com", Roles.Annotator);
        var project = await CreateProjectAsync(annotator);
        await SqlAsync("INSERT INTO ls_instances (project_id, state, reason) VALUES (@id, 'failed', @reason)", new { id = project.Id, reason = NotInstalled });

        var managerPage = await (await app.SignedInAsync(app.ManagerOwner)).GetStringAsync($"/projects/{project.Id}");
        Assert.Contains("Label Studio is not installed on this server: install it (pip install label-studio) or run it in containers", managerPage);
        Assert.Matches("<details class=\"technical\"><summary>Technical detail</summary><pre>[^<]*exit code 127", managerPage);

        var annotatorPage = await (await app.SignedInAsync(annotator)).GetStringAsync($"/projects/{project.Id}");
        Assert.Contains("Label Studio is not installed on this server", annotatorPage);
        Assert.DoesNotContain("exit code 127", annotatorPage);
    }

    [Fact]
    public async Task A_running_export_and_sync_say_they_wait_for_label_studio_while_it_starts()
    {
        var project = await CreateProjectAsync(null);
        await SqlAsync("INSERT INTO ls_instances (project_id, state) VALUES (@id, 'starting')", new { id = project.Id });
        await SqlAsync("INSERT INTO export_runs (project_id, trigger, status) VALUES (@id, 'manual', 'running')", new { id = project.Id });
        await SqlAsync("INSERT INTO dataset_syncs (project_id, trigger, status) VALUES (@id, 'manual', 'running')", new { id = project.Id });
        var manager = await app.SignedInAsync(app.ManagerOwner);

        Assert.Contains("Waiting for Label Studio to start", await manager.GetStringAsync($"/projects/{project.Id}"));
        Assert.Contains("Waiting for Label Studio to start", await manager.GetStringAsync($"/projects/{project.Id}/dataset"));

        await SqlAsync("UPDATE ls_instances SET state = 'running', address = 'http://127.0.0.1:1' WHERE project_id = @id", new { id = project.Id });
        Assert.DoesNotContain("Waiting for Label Studio", await manager.GetStringAsync($"/projects/{project.Id}"));
    }

    private async Task<Project> CreateProjectAsync(User? annotator)
    {
        var projects = app.Services.GetRequiredService<ProjectStore>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        (_, var project) = await projects.CreateAsync(new Project
        {
            Name = $"Words {suffix}",
            Slug = $"words-{suffix}",
            LabelConfig = Pages.Projects.CreateModel.SampleConfig,
            ManagerId = app.ManagerOwner.Id,
        });
        if (annotator is not null)
        {
            await projects.AssignAsync(project!.Id, annotator.Id, app.ManagerOwner.Id);
        }
        return project!;
    }

    private async Task SqlAsync(string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.ExecuteAsync(sql, parameters);
    }
}
