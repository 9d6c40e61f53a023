// How long a progress read takes for a large project labelled by three annotators who overlap on some
// tasks: the first read (every task, agreement included) and then an incremental one after 10 new
// annotations, against the LS stand-in in its own process and a real PostgreSQL, with the load each
// read puts on LS (its requests and the CPU its process used). Prints figures; never fails because the
// machine was slow.
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
using Labelit.Worker.Progress.Agreement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

var taskCount = args.Length > 0 ? int.Parse(args[0]) : 100_000;
const int Annotators = 3;
const int NewAnnotations = 10;
const int IncrementalRounds = 5;
const int ImportChunk = 25_000;

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
    using var ls = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(10) };
    ls.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
    await WaitUpAsync(ls);
    var lsProject = (await (await ls.PostAsync("api/projects/", LabelStudioJson.Body(new JsonObject
    {
        ["title"] = "Progress benchmark",
        ["label_config"] = """<View><Text name="text" value="$text"/><Choices name="label" toName="text"><Choice value="A"/><Choice value="B"/></Choices></View>""",
    }))).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
    var annotators = new List<int>();
    for (var i = 0; i < Annotators; i++)
        annotators.Add((await (await ls.PostAsync("api/users/", LabelStudioJson.Body(new JsonObject { ["email"] = $"annotator{i}@example.com" })))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>());

    // Two in three tasks labelled, like a project well under way, shared round the three annotators;
    // one labelled task in ten labelled by a second annotator too, who agrees two times in three.
    var imported = new List<JsonArray>();
    var chunk = new JsonArray();
    for (var i = 0; i < taskCount; i++)
    {
        var annotations = new JsonArray();
        if (i % 3 != 2)
        {
            var choice = i % 2 == 0 ? "A" : "B";
            annotations.Add(Annotation(choice, annotators[i / 3 % Annotators]));
            if (i % 30 == 0)
                annotations.Add(Annotation(i % 90 == 0 ? Other(choice) : choice, annotators[(i / 3 + 1) % Annotators]));
        }
        chunk.Add(new JsonObject { ["data"] = new JsonObject { ["text"] = $"task {i}" }, ["annotations"] = annotations });
        if (chunk.Count == ImportChunk || i == taskCount - 1)
        {
            (await ls.PostAsync($"api/projects/{lsProject}/import", LabelStudioJson.Body(chunk))).EnsureSuccessStatusCode();
            imported.Add(chunk);
            chunk = [];
        }
    }

    long projectId;
    await using (var connection = await dataSource.OpenConnectionAsync())
    {
        var manager = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO users (email, display_name, role, password_hash) VALUES ('m@example.com', 'Manager', 'Manager', 'x') RETURNING id");
        projectId = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO projects (name, slug, label_config, manager_id) VALUES ('Bench', 'bench', '<View/>', @manager) RETURNING id", new { manager });
    }
    var requests = new RequestCounter(LabelStudioConnectionsHandler());
    var changes = new LabelStudioTaskChanges(new HttpClient(requests) { Timeout = TimeSpan.FromMinutes(10) });
    var reader = new ProgressReader(dataSource, host.Services.GetRequiredService<LabelStudioSecrets>(), changes,
        new ProgressRecorder(dataSource), TimeProvider.System, Options.Create(new ProgressOptions()), NullLogger<ProgressReader>.Instance);
    var target = new LabelStudioTarget(address, token, lsProject);
    var lsCpu = new ProcessCpu("LS stand-in", [standIn.Id]);

    // A read starts a little before where the last one stopped: let the import fall out of that overlap,
    // as it would in a project whose tasks were imported before the last read.
    await Task.Delay(ProgressReader.Overlap + TimeSpan.FromSeconds(2));
    var cpuBefore = lsCpu.Used();
    var workerCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    Check(await reader.ReadAsync(projectId, target, CancellationToken.None));
    var full = watch.Elapsed;
    var fullLsCpu = lsCpu.Used() - cpuBefore;
    var fullWorkerCpu = Process.GetCurrentProcess().TotalProcessorTime - workerCpuBefore;
    Console.WriteLine($"First read, {taskCount:N0} tasks, {Annotators} annotators: {full.TotalMilliseconds:N0} ms; "
        + $"LS: {requests.TakeCount()} requests, {fullLsCpu.TotalMilliseconds:N0} ms of its CPU; the reader (Worker): {fullWorkerCpu.TotalMilliseconds:N0} ms of CPU; "
        + $"machine load average {LoadAverage()}");
    Console.WriteLine($"  of which agreement (results read into marks and compared per pair, in the Worker): {AgreementCost(imported).TotalMilliseconds:N0} ms");

    var incremental = new List<(TimeSpan Wall, TimeSpan LsCpu, int Requests)>();
    var taskIds = await TaskIdsAsync(ls, lsProject);
    for (var round = 0; round < IncrementalRounds; round++)
    {
        // Half on tasks nobody labelled, half on tasks one annotator labelled: new overlaps, so agreement moves too.
        var fresh = taskIds.Skip(round * 300).Where((_, i) => i % 3 == 2).Take(NewAnnotations / 2);
        var overlapping = taskIds.Skip(round * 300).Where((_, i) => i % 3 == 1).Take(NewAnnotations - NewAnnotations / 2);
        foreach (var taskId in fresh.Concat(overlapping))
            (await ls.PostAsync($"api/tasks/{taskId}/annotations/", LabelStudioJson.Body(Annotation("A", null)))).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // reads stop a second before "now"
        requests.TakeCount();
        cpuBefore = lsCpu.Used();
        watch.Restart();
        Check(await reader.ReadAsync(projectId, target, CancellationToken.None));
        incremental.Add((watch.Elapsed, lsCpu.Used() - cpuBefore, requests.TakeCount()));
        await Task.Delay(ProgressReader.Overlap + TimeSpan.FromSeconds(1)); // the next round's annotations fall after this read's overlap
    }
    await using (var connection = await dataSource.OpenConnectionAsync())
    {
        var labelled = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM progress_tasks WHERE project_id = @projectId AND labelled", new { projectId });
        var expected = taskCount - taskCount / 3 + IncrementalRounds * (NewAnnotations / 2);
        Console.WriteLine($"Labelled tasks recorded: {labelled:N0} (expected {expected:N0})");
        var (compared, mean) = await connection.QuerySingleAsync<(int, double)>(
            "SELECT count(DISTINCT ls_task_id)::int, avg(agreement) FROM progress_agreement WHERE project_id = @projectId", new { projectId });
        Console.WriteLine($"Tasks with agreement: {compared:N0} (expected {(taskCount + 29) / 30 + IncrementalRounds * (NewAnnotations - NewAnnotations / 2):N0}), mean agreement {mean:P0}");
    }
    var median = incremental.OrderBy(r => r.Wall).ElementAt(incremental.Count / 2);
    Console.WriteLine($"Incremental read after {NewAnnotations} new annotations, {IncrementalRounds} rounds: median {median.Wall.TotalMilliseconds:N1} ms "
        + $"(range {incremental.Min(r => r.Wall).TotalMilliseconds:N1}-{incremental.Max(r => r.Wall).TotalMilliseconds:N1} ms); "
        + $"LS: {median.Requests} requests, median {incremental.Select(r => r.LsCpu).Order().ElementAt(incremental.Count / 2).TotalMilliseconds:N0} ms of its CPU");
    Console.WriteLine($"Ratio incremental/full: {median.Wall / full:0.0000} ({full / median.Wall:N0}x faster)");
}
finally
{
    standIn.Kill(entireProcessTree: true);
    await standIn.WaitForExitAsync();
}
return 0;

static JsonObject Annotation(string choice, int? author)
{
    var annotation = new JsonObject
    {
        ["result"] = new JsonArray(new JsonObject
        {
            ["id"] = "r1", ["from_name"] = "label", ["to_name"] = "text", ["type"] = "choices",
            ["value"] = new JsonObject { ["choices"] = new JsonArray(choice) },
        }),
        ["lead_time"] = 12.5,
    };
    if (author is { } id)
        annotation["completed_by"] = id; // LS keeps an imported annotation's author when it is one of its users
    return annotation;
}

static string Other(string choice) => choice == "A" ? "B" : "A";

// The 1-minute load average: on a shared machine the wall times say little without it.
static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

// The Worker's own agreement work over every task (what a first read adds for it), timed in-process
// on the same results: LS and PostgreSQL are not involved.
static TimeSpan AgreementCost(IEnumerable<JsonArray> imported)
{
    var watch = Stopwatch.StartNew();
    var pairs = 0;
    var id = 0;
    foreach (var task in imported.SelectMany(c => c).OfType<JsonObject>())
    {
        var annotations = task["annotations"]!.AsArray().OfType<JsonObject>().Select((a, i) => new ChangedAnnotation(++id,
            a["completed_by"]?.GetValue<int>(), false, 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(i),
            MarkReader.Read(a["result"] as JsonArray))).ToList();
        pairs += TaskAgreement.Of(new ChangedTask(id, DateTimeOffset.UnixEpoch, annotations)).Count();
    }
    GC.KeepAlive(pairs);
    return watch.Elapsed;
}

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

/// <summary>Counts the requests the reads send LS.</summary>
sealed class RequestCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int count;

    public int TakeCount() => Interlocked.Exchange(ref count, 0);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        return base.SendAsync(request, cancellationToken);
    }
}
