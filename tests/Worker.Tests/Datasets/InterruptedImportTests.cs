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
        var (project, location) = await NotesProjectAsync(labelit);

        // The crash: a.txt and b.txt were being imported, and only a.txt's task reached LS.
        var a = await labelit.ScalarAsync<long>(
            "INSERT INTO dataset_objects (project_id, location, size, state) VALUES (@project, @path, 18, 'importing') RETURNING id",
            new { project, path = location + "a.txt" });
        await labelit.ExecuteAsync("INSERT INTO dataset_objects (project_id, location, size, state) VALUES (@project, @path, 9, 'importing')",
            new { project, path = location + "b.txt" });
        using var ls = await AdminClientAsync(labelit, project);
        var lsProject = await labelit.ScalarAsync<int>("SELECT ls_project_id FROM ls_instances WHERE project_id = @project", new { project });
        (await ls.PostAsync($"api/projects/{lsProject}/import", LabelStudioJson.Body(
            new[] { new { data = new { text = Texts["a.txt"] }, meta = new Dictionary<string, object> { [LabelStudioTasks.ObjectIdMetaKey] = a } } })))
            .EnsureSuccessStatusCode();

        Assert.Equal(("succeeded", null), await SyncAsync(labelit, project));

        Assert.Equal(Texts.Values.Order().ToList(), await TaskTextsAsync(ls, lsProject));
        Assert.Equal(3, await labelit.ScalarAsync<int>("SELECT count(*) FROM dataset_objects WHERE project_id = @project AND state = 'imported'", new { project }));
    }

    [Fact]
    public async Task An_import_LS_refuses_fails_the_sync_with_its_reason_and_queues_the_objects_for_the_next_sync()
    {
        await using var labelit = await Installation.CreateAsync(output);
        var (project, _) = await NotesProjectAsync(labelit);
        using var ls = await AdminClientAsync(labelit, project);
        var lsProject = await labelit.ScalarAsync<int>("SELECT ls_project_id FROM ls_instances WHERE project_id = @project", new { project });
        var labelConfig = (await ls.GetFromJsonAsync<JsonElement>($"api/projects/{lsProject}/")).GetProperty("label_config").GetString();

        // Someone changed the LS project behind Labelit's back: it now wants another data key, and refuses the tasks.
        (await ls.PatchAsync($"api/projects/{lsProject}/", LabelStudioJson.Body(new { label_config = "<View><Text name=\"note\" value=\"$other\"/></View>" })))
            .EnsureSuccessStatusCode();
        var (status, error) = await SyncAsync(labelit, project);
        Assert.Equal("failed", status);
        Assert.Contains("Label Studio refused the import", error);
        Assert.Contains("the label config uses $other", error);
        Assert.Equal(3, await labelit.ScalarAsync<int>("SELECT count(*) FROM dataset_objects WHERE project_id = @project AND state = 'new'", new { project }));
        Assert.Empty(await TaskTextsAsync(ls, lsProject));

        (await ls.PatchAsync($"api/projects/{lsProject}/", LabelStudioJson.Body(new { label_config = labelConfig }))).EnsureSuccessStatusCode();
        Assert.Equal(("succeeded", null), await SyncAsync(labelit, project));
        Assert.Equal(Texts.Values.Order().ToList(), await TaskTextsAsync(ls, lsProject));
    }

    private static readonly Dictionary<string, string> Texts = new() { ["a.txt"] = "a robin on a fence", ["b.txt"] = "two wrens", ["c.txt"] = "an empty feeder" };

    /// <summary>A project whose dataset is a local folder of three text files, with a Worker running its LS.</summary>
    private static async Task<(long Project, string Location)> NotesProjectAsync(Installation labelit)
    {
        var folder = Directory.CreateDirectory(Path.Combine(labelit.DataDirectory, "dataset")).FullName; // deleted with the installation
        foreach (var (name, text) in Texts)
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
        return (project, location);
    }

    private static async Task<(string Status, string? Error)> SyncAsync(Installation labelit, long project)
    {
        var sync = await labelit.ScalarAsync<long>("INSERT INTO dataset_syncs (project_id, trigger) VALUES (@project, 'manual') RETURNING id", new { project });
        string? status = null;
        await labelit.WaitUntilAsync(async () => (status = await labelit.ScalarAsync<string>(
            "SELECT status FROM dataset_syncs WHERE id = @sync", new { sync })) is "succeeded" or "failed",
            TimeSpan.FromMinutes(1), "the sync ends");
        return (status!, await labelit.ScalarAsync<string?>("SELECT error FROM dataset_syncs WHERE id = @sync", new { sync }));
    }

    private static async Task<List<string>> TaskTextsAsync(HttpClient ls, int lsProject) =>
        (await ls.GetFromJsonAsync<JsonElement>($"api/tasks/?project={lsProject}&page_size=100")).GetProperty("tasks").EnumerateArray()
            .Select(t => t.GetProperty("data").GetProperty("text").GetString()!).Order().ToList();

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
