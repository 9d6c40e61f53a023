using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Tests.Support;
using Labelit.TestSupport;
using Xunit.Abstractions;

namespace Labelit.Worker.Tests.Datasets;

/// <summary>A Worker that died between sending tasks to LS and recording it leaves no duplicate behind.</summary>
public sealed class InterruptedImportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_sync_after_a_crash_mid_import_creates_each_task_once_and_puts_text_files_into_their_tasks()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var folder = TestDirectories.Create("labelit-dataset-");
        var texts = new Dictionary<string, string> { ["a.txt"] = "a robin on a fence", ["b.txt"] = "two wrens", ["c.txt"] = "an empty feeder" };
        foreach (var (name, text) in texts)
            await File.WriteAllTextAsync(Path.Combine(folder, name), text);

        var manager = await labelit.AddUserAsync("manager", "Manager");
        var project = await labelit.AddProjectAsync("Notes", manager);
        var connection = await labelit.ScalarAsync<long>("INSERT INTO storage_connections (name, kind) VALUES ('Shared folder', 'local') RETURNING id");
        var location = new Uri(folder + "/").AbsoluteUri; // file:///tmp/.../
        await labelit.ExecuteAsync("UPDATE projects SET dataset = @dataset::jsonb WHERE id = @project", new
        {
            project,
            dataset = JsonSerializer.Serialize(new { locations = new[] { location }, connectionId = connection }),
        });
        labelit.StartWorker(overrides: new Dictionary<string, string>
        {
            ["Storage__PluginsDirectory"] = Path.Combine(RepositoryPaths.Root, "artifacts", "plugins"),
            ["Storage__AllowedLocalRoots__0"] = folder,
            ["DatasetSync__PollInterval"] = "00:00:01",
        });
        await labelit.WaitRunningAsync(project);

        // The crash: a.txt and b.txt were being imported, and only a.txt's task reached LS.
        var a = await labelit.ScalarAsync<long>(
            "INSERT INTO dataset_objects (project_id, location, size, state) VALUES (@project, @path, 18, 'importing') RETURNING id",
            new { project, path = location + "a.txt" });
        await labelit.ExecuteAsync("INSERT INTO dataset_objects (project_id, location, size, state) VALUES (@project, @path, 9, 'importing')",
            new { project, path = location + "b.txt" });
        using var ls = await AdminClientAsync(labelit, project);
        var lsProject = await labelit.ScalarAsync<int>("SELECT ls_project_id FROM ls_instances WHERE project_id = @project", new { project });
        (await ls.PostAsJsonAsync($"api/projects/{lsProject}/import",
            new[] { new { data = new { text = texts["a.txt"] }, meta = new Dictionary<string, object> { [LabelStudioTasks.ObjectIdMetaKey] = a } } }))
            .EnsureSuccessStatusCode();

        await labelit.ExecuteAsync("INSERT INTO dataset_syncs (project_id, trigger) VALUES (@project, 'manual')", new { project });
        await labelit.WaitUntilAsync(async () => await labelit.ScalarAsync<string>(
            "SELECT status FROM dataset_syncs WHERE project_id = @project ORDER BY id DESC LIMIT 1", new { project }) is "succeeded" or "failed",
            TimeSpan.FromMinutes(1), "the sync ends");
        Assert.Null(await labelit.ScalarAsync<string?>("SELECT error FROM dataset_syncs WHERE project_id = @project", new { project }));

        var tasks = (await ls.GetFromJsonAsync<JsonElement>($"api/tasks/?project={lsProject}&page_size=100")).GetProperty("tasks").EnumerateArray()
            .Select(t => t.GetProperty("data").GetProperty("text").GetString()!).Order().ToList();
        Assert.Equal(texts.Values.Order().ToList(), tasks);
        Assert.Equal(3, await labelit.ScalarAsync<int>("SELECT count(*) FROM dataset_objects WHERE project_id = @project AND state = 'imported'", new { project }));
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<HttpClient> AdminClientAsync(Installation labelit, long project)
    {
        var instance = (await labelit.InstanceAsync(project))!;
        var secrets = await labelit.ScalarAsync<string>("SELECT admin_secrets FROM ls_instances WHERE project_id = @project", new { project });
        var admin = AdminSecrets.FromJson(labelit.Secrets.Unprotect(secrets));
        var client = new HttpClient { BaseAddress = new Uri(instance.Address!.TrimEnd('/') + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", admin.Token);
        return client;
    }
}
