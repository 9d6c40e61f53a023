// How long a progress read takes for a large project: the first (every task) and then an incremental
// one after 10 new annotations, against the LS stand-in in its own process and a real PostgreSQL.
// Prints figures; never fails because the machine was slow.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dapper;
using Labelit.Data;
using Labelit.Data.Migrations;
using Labelit.Data.Protection;
using Labelit.Data.Instances;
using Labelit.TestSupport;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Progress;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

var taskCount = args.Length > 0 ? int.Parse(args[0]) : 10_000;
const int NewAnnotations = 10;
const int IncrementalRounds = 5;

var connectionString = await TestPostgres.CreateDatabaseAsync("progress-bench");
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration[$"ConnectionStrings:{DataExtensions.ConnectionName}"] = connectionString;
builder.Configuration["DataProtection:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
builder.Services.AddLogging();
builder.AddLabelitData();
builder.AddLabelitDataProtection();
builder.AddLabelitInstanceStore();
using var host = builder.Build();
await host.Services.GetRequiredService<Migrator>().MigrateAsync();
var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();

var token = AdminSecrets.RandomText(40);
var port = FreePort();
var standIn = Process.Start(new ProcessStartInfo("dotnet",
    $"\"{RepositoryPaths.Assembly("tests/LabelStudioStandIn", "Labelit.LabelStudioStandIn")}\" start --no-browser --port {port} --data-dir \"{TestDirectories.Create("progress-bench-ls-")}\"")
{
    Environment =
    {
        ["LABEL_STUDIO_USERNAME"] = "admin@example.com", ["LABEL_STUDIO_PASSWORD"] = AdminSecrets.RandomText(20),
        ["LABEL_STUDIO_USER_TOKEN"] = token, ["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] = "true",
    },
    RedirectStandardOutput = true, RedirectStandardError = true,
})!;
try
{
    var address = new Uri($"http://127.0.0.1:{port}/");
    using var ls = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
    ls.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
    await WaitUpAsync(ls);
    var lsProject = (await (await ls.PostAsync("api/projects/", LabelStudioJson.Body(new JsonObject
    {
        ["title"] = "Progress benchmark",
        ["label_config"] = """<View><Text name="text" value="$text"/><Choices name="label" toName="text"><Choice value="A"/><Choice value="B"/></Choices></View>""",
    }))).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
    var tasks = new JsonArray();
    for (var i = 0; i < taskCount; i++)
        tasks.Add(new JsonObject
        {
            ["data"] = new JsonObject { ["text"] = $"task {i}" },
            // Two in three tasks labelled, like a project well under way.
            ["annotations"] = i % 3 == 2 ? new JsonArray() : new JsonArray(Annotation(i % 2 == 0 ? "A" : "B")),
        });
    (await ls.PostAsync($"api/projects/{lsProject}/import", LabelStudioJson.Body(tasks))).EnsureSuccessStatusCode();

    long projectId;
    await using (var connection = await dataSource.OpenConnectionAsync())
    {
        var manager = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO users (email, display_name, role, password_hash) VALUES ('m@example.com', 'Manager', 'Manager', 'x') RETURNING id");
        projectId = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO projects (name, slug, label_config, manager_id) VALUES ('Bench', 'bench', '<View/>', @manager) RETURNING id", new { manager });
    }
    var changes = new LabelStudioTaskChanges(new HttpClient(LabelStudioConnectionsHandler()) { Timeout = TimeSpan.FromMinutes(5) });
    var reader = new ProgressReader(dataSource, host.Services.GetRequiredService<LabelStudioSecrets>(), changes,
        new ProgressRecorder(dataSource), TimeProvider.System, Options.Create(new ProgressOptions()), NullLogger<ProgressReader>.Instance);
    var target = new LabelStudioTarget(address, token, lsProject);

    // A read starts a little before where the last one stopped: let the import fall out of that overlap,
    // as it would in a project whose tasks were imported before the last read.
    await Task.Delay(ProgressReader.Overlap + TimeSpan.FromSeconds(2));
    var watch = Stopwatch.StartNew();
    Check(await reader.ReadAsync(projectId, target, CancellationToken.None));
    var full = watch.Elapsed;
    Console.WriteLine($"First read, {taskCount:N0} tasks: {full.TotalMilliseconds:N0} ms");

    var incremental = new List<TimeSpan>();
    var taskIds = await TaskIdsAsync(ls, lsProject);
    for (var round = 0; round < IncrementalRounds; round++)
    {
        foreach (var taskId in taskIds.Skip(round * NewAnnotations * 3).Where((_, i) => i % 3 == 2).Take(NewAnnotations))
            (await ls.PostAsync($"api/tasks/{taskId}/annotations/", LabelStudioJson.Body(Annotation("A")))).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // reads stop a second before "now"
        watch.Restart();
        Check(await reader.ReadAsync(projectId, target, CancellationToken.None));
        incremental.Add(watch.Elapsed);
        await Task.Delay(ProgressReader.Overlap + TimeSpan.FromSeconds(1)); // the next round's annotations fall after this read's overlap
    }
    await using (var connection = await dataSource.OpenConnectionAsync())
    {
        var labelled = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM progress_tasks WHERE project_id = @projectId AND labelled", new { projectId });
        var expected = taskCount - taskCount / 3 + IncrementalRounds * NewAnnotations;
        Console.WriteLine($"Labelled tasks recorded: {labelled:N0} (expected {expected:N0})");
    }
    var median = incremental.Order().ElementAt(incremental.Count / 2);
    Console.WriteLine($"Incremental read after {NewAnnotations} new annotations, {IncrementalRounds} rounds: median {median.TotalMilliseconds:N1} ms "
        + $"(range {incremental.Min().TotalMilliseconds:N1}-{incremental.Max().TotalMilliseconds:N1} ms)");
    Console.WriteLine($"Ratio incremental/full: {median / full:0.0000} ({full / median:N0}x faster)");
}
finally
{
    standIn.Kill(entireProcessTree: true);
    await standIn.WaitForExitAsync();
}
return 0;

static JsonObject Annotation(string choice) => new()
{
    ["result"] = new JsonArray(new JsonObject
    {
        ["from_name"] = "label", ["to_name"] = "text", ["type"] = "choices",
        ["value"] = new JsonObject { ["choices"] = new JsonArray(choice) },
    }),
    ["lead_time"] = 12.5,
};

static void Check(ProgressReader.Outcome outcome)
{
    if (outcome != ProgressReader.Outcome.Read)
        throw new InvalidOperationException($"The progress read did not go through: {outcome}.");
}

static HttpMessageHandler LabelStudioConnectionsHandler() => Labelit.Data.LabelStudio.LabelStudioConnections.CreateHandler();

static async Task<List<int>> TaskIdsAsync(HttpClient ls, int lsProject)
{
    var ids = new List<int>();
    for (var page = 1; ; page++)
    {
        var body = await ls.GetFromJsonAsync<JsonObject>($"api/tasks/?project={lsProject}&page={page}&page_size=1000");
        var tasks = body!["tasks"]!.AsArray();
        ids.AddRange(tasks.Select(t => t!["id"]!.GetValue<int>()));
        if (tasks.Count < 1000 || ids.Count >= body["total"]!.GetValue<int>())
            return ids; // DRF answers 404 past the last page
    }
}

static async Task WaitUpAsync(HttpClient ls)
{
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (true)
    {
        try
        {
            if ((await ls.GetStringAsync("health/")).Contains("UP", StringComparison.Ordinal))
                return;
        }
        catch (HttpRequestException) when (DateTime.UtcNow < deadline)
        {
        }
        await Task.Delay(200);
    }
}

static int FreePort()
{
    using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}
