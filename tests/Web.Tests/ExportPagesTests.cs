using System.Net;
using Dapper;
using Labelit.TestSupport;
using Labelit.Web.Exports;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Labelit.Web.Tests;

/// <summary>The export history on the project page, its downloads (confined to the run's own files) and "Export now".</summary>
public sealed class ExportPagesTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task The_history_shows_each_run_downloads_only_recorded_files_to_the_project_people_and_export_now_queues_one_run()
    {
        var root = app.Services.GetRequiredService<ExportFolder>().Root;
        var folder = Path.Combine(root, "street-signs", "20261122-000000");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "street-signs-JSON.json"), "[1]");
        await File.WriteAllTextAsync(Path.Combine(root, "secret.txt"), "secret");
        long ok;
        await using (var c = new NpgsqlConnection(app.ConnectionString))
        {
            ok = await c.ExecuteScalarAsync<long>("""
                INSERT INTO export_runs (project_id, trigger, status, attempt, started_at, finished_at, task_count, annotation_count, bytes, files, destination, location)
                VALUES (@p, 'scheduled', 'succeeded', 1, now() - interval '3 seconds', now(), 12, 34, 3, '[{"name":"street-signs-JSON.json","format":"JSON","bytes":3}]', 'local', 'street-signs/20261122-000000') RETURNING id
                """, new { p = app.Project.Id });
            await c.ExecuteAsync("INSERT INTO export_runs (project_id, trigger, status, attempt, finished_at, error, requested_by) VALUES (@p, 'manual', 'failed', 3, now(), 'boom: endpoint down', @u)", new { p = app.Project.Id, u = app.ManagerOwner.Id });
            await c.ExecuteAsync("INSERT INTO export_runs (project_id, trigger, status, attempt, finished_at, error) VALUES (@p, 'scheduled', 'skipped', 1, now(), 'skipped: nothing new since 2026-11-22 00:00:00 UTC')", new { p = app.Project.Id });
        }
        var owner = await app.SignedInAsync(app.ManagerOwner);
        var page = await owner.GetStringAsync($"/projects/{app.Project.Id}");
        Assert.Contains("Export now", page);
        Assert.Contains("Failed after 3 attempt(s). Check the export destination", page);
        Assert.Contains("<summary>Details</summary><code>boom: endpoint down</code>", page);
        Assert.Contains("skipped: nothing new since", page);
        var download = await owner.GetAsync($"/projects/{app.Project.Id}/exports/{ok}/street-signs-JSON.json");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("[1]", await download.Content.ReadAsStringAsync());
        foreach (var bad in new[] { "secret.txt", "..%2F..%2Fsecret.txt", "..%2Fsecret.txt", "%2E%2E" })
        {
            var r = await owner.GetAsync($"/projects/{app.Project.Id}/exports/{ok}/{bad}");
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }
        var annotator = await app.SignedInAsync(app.AnnotatorAssigned);
        var annotatorPage = await annotator.GetStringAsync($"/projects/{app.Project.Id}");
        Assert.DoesNotContain("Export now", annotatorPage);
        Assert.DoesNotContain("boom: endpoint down", annotatorPage);
        Assert.Equal(HttpStatusCode.OK, (await annotator.GetAsync($"/projects/{app.Project.Id}/exports/{ok}/street-signs-JSON.json")).StatusCode);
        var other = await app.SignedInAsync(app.AnnotatorOther);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/projects/{app.Project.Id}/exports/{ok}/street-signs-JSON.json")).StatusCode);

        var token = SignInClient.AntiforgeryToken(page);
        var post = await owner.PostAsync($"/projects/{app.Project.Id}/exports/run", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var after = await owner.GetStringAsync($"/projects/{app.Project.Id}");
        Assert.Contains("Export queued", after);
        Assert.Contains("by owner", after);
        await owner.PostAsync($"/projects/{app.Project.Id}/exports/run", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = SignInClient.AntiforgeryToken(after) }));
        Assert.Contains("already queued", await owner.GetStringAsync($"/projects/{app.Project.Id}"));
        Directory.Delete(Path.Combine(root, "street-signs"), true);
        File.Delete(Path.Combine(root, "secret.txt"));
    }
}
