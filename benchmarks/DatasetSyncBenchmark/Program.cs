// Dataset sync throughput: a real sync of N objects (default 20,000) from a local S3 server (fauxqs)
// into a project's LS (the stand-in), through the whole app (AppHost: PostgreSQL, Web, Worker),
// against the raw ListObjectsV2 rate of the same server measured in the same run, with the CPU each
// part of the machine used during each sync.
//   dotnet run -c Release --project benchmarks/DatasetSyncBenchmark [-- 20000]
// A program that prints figures; it never fails because a machine is slow.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Labelit.TestSupport;
using Labelit.TestSupport.S3;

const string Password = "a long enough password";
const string LabelConfig = "<View><Image name=\"image\" value=\"$image\"/><Choices name=\"c\" toName=\"image\"><Choice value=\"A\"/></Choices></View>";
const int WarmupProjects = 6;
const int MeasuredSyncs = 3;
var objectCount = args.Length > 0 ? int.Parse(args[0]) : 20_000;

await using var s3 = await FauxqsServer.StartAsync();
var bucket = await s3.CreateBucketAsync();
var seeding = Stopwatch.StartNew();
await s3.PutObjectsAsync(bucket, Enumerable.Range(0, objectCount).Select(i => ($"images/{i:D6}.jpg", new[] { (byte)'x' })).ToList());
Console.Error.WriteLine($"Stored {objectCount} objects in {seeding.Elapsed.TotalSeconds:F1} s");

var dataDirectory = TestDirectories.Create("labelit-sync-bench-");
var standIn = RepositoryPaths.Assembly("tests/LabelStudioStandIn", "Labelit.LabelStudioStandIn");
await using var host = AppHostProcess.Start(dataDirectory, new Dictionary<string, string>
{
    ["Bootstrap__AdminEmail"] = "admin@example.com",
    ["Bootstrap__AdminPassword"] = Password,
    ["Instances__Command"] = $"dotnet {standIn} start --no-browser --port {{port}}",
    ["Logging__LogLevel__Default"] = "Warning",
    ["Logging__LogLevel__Labelit.Worker.Datasets"] = "Information", // the Worker logs each sync's phase times
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
});
var url = await host.WaitForAsync(@"Labelit is running: open (\S+)", TimeSpan.FromMinutes(3));
var browser = new SignInClient(url);
await browser.SignInAsync("admin@example.com", Password);
using var api = new HttpClient { BaseAddress = new Uri(url) };
api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await browser.CreateApiTokenAsync("benchmark"));

var connection = await Post("/api/v1/storage-connections/", new
{
    name = "Bench bucket", kind = "s3", endpoint = s3.Endpoint, forcePathStyle = true, accessKeyId = s3.AccessKeyId, secret = s3.SecretKey,
});
// Warm-up. .NET compiles code in tiers as it gets hot, for a while after a start; what matters is a
// long-running Labelit, as the raw listing above is measured warm.
//  - Worker and Web: first syncs of warm-up projects. The first runs on a Worker that never synced
//    before and is printed as the cold figure.
//  - The measured project's LS stand-in: a .NET program standing in for LS (which is Python, with no
//    such warm-up) is warmed by imports into a scratch LS project of its own, deleted before the sync.
var runs = new List<(string Name, double Seconds, IReadOnlyList<(string Name, double Seconds)> Cpu)>();
for (var warmup = 1; warmup <= WarmupProjects; warmup++)
{
    var (seconds, cpu) = await SyncAsync(await CreateProjectAsync($"Warm{warmup}"));
    runs.Add((warmup == 1 ? "first sync, cold Worker" : $"first sync, warm-up {warmup}", seconds, cpu));
}
// The machine's speed drifts by up to 2x over tens of seconds (a shared VM), so each measured sync is
// compared with the raw listing measured just before and just after it, and the median of three is the result.
var measured = new List<(double Ratio, double SyncRate, double RawRate)>();
long projectId = 0;
for (var round = 1; round <= MeasuredSyncs; round++)
{
    projectId = await CreateProjectAsync($"Bench{round}");
    await WarmLabelStudioAsync($"bench{round}");
    await SettleAsync();
    var rawBefore = await MeasureRawListingAsync(round == 1 ? WarmupProjects : 1);
    await SettleAsync();
    var (seconds, cpu) = await SyncAsync(projectId);
    var rawAfter = await MeasureRawListingAsync(0);
    var rawRate = (rawBefore + rawAfter) / 2;
    measured.Add((objectCount / seconds / rawRate, objectCount / seconds, rawRate));
    runs.Add(($"first sync {round} (list + record + create tasks)", seconds, cpu));
    Console.Error.WriteLine($"Measured sync {round}: {objectCount / seconds:N0} objects/s, raw listing {rawBefore:N0} before and {rawAfter:N0} after");
}
await SettleAsync();
var rawBeforeResync = await MeasureRawListingAsync(1);
var (resync, resyncCpu) = await SyncAsync(projectId);
var resyncRaw = (rawBeforeResync + await MeasureRawListingAsync(0)) / 2;
runs.Add(("re-sync, nothing new (list + compare)", resync, resyncCpu));

Console.WriteLine($"Dataset sync benchmark: {objectCount} objects in fauxqs, 2 cores shared by everything.");
Console.WriteLine($"{"what",-42} {"objects/s",10} {"raw list objects/s",19} {"ratio",6}");
for (var round = 0; round < measured.Count; round++)
    Console.WriteLine($"{$"first sync {round + 1} (warm)",-42} {measured[round].SyncRate,10:N0} {measured[round].RawRate,19:N0} {measured[round].Ratio,6:F2}");
Console.WriteLine($"{"re-sync, nothing new",-42} {objectCount / resync,10:N0} {resyncRaw,19:N0} {objectCount / resync / resyncRaw,6:F2}");
var median = measured.Select(m => m.Ratio).Order().ElementAt(measured.Count / 2);
Console.WriteLine($"First sync, median of {measured.Count}: {median:F2} x the raw list rate. Target: >= 0.50.");
Console.WriteLine("Every sync, with the CPU seconds each part used during it, the CPU per object, and how busy the cores were:");
Console.WriteLine($"{"sync",-42} {"objects/s",10} {string.Join(" ", runs[0].Cpu.Select(part => $"{part.Name,12}"))} {"µs/object",10} {"busy",5}");
foreach (var run in runs)
{
    var cpu = run.Cpu.Sum(part => part.Seconds);
    Console.WriteLine($"{run.Name,-42} {objectCount / run.Seconds,10:N0} {string.Join(" ", run.Cpu.Select(part => $"{part.Seconds,12:F2}"))} " +
        $"{cpu / objectCount * 1e6,10:F0} {cpu / (Environment.ProcessorCount * run.Seconds),5:P0}");
}
Console.WriteLine("Where the Worker spent the time:");
foreach (var line in host.Output.Split('\n').Where(l => l.Contains("Dataset sync", StringComparison.Ordinal)))
    Console.WriteLine("  " + line[(line.IndexOf("Dataset sync", StringComparison.Ordinal))..]);

await host.StopAsync(TimeSpan.FromMinutes(1));
Directory.Delete(dataDirectory, recursive: true);
return 0;

async Task<JsonElement> Post(string path, object body)
{
    var response = await api.PostAsJsonAsync(path, body);
    if (!response.IsSuccessStatusCode)
        throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    return await response.Content.ReadFromJsonAsync<JsonElement>();
}

async Task<long> CreateProjectAsync(string name)
{
    var project = await Post("/api/v1/projects/", new
    {
        name,
        labelConfig = LabelConfig,
        datasetLocations = new[] { $"s3://{bucket}/images/" },
        datasetConnectionId = connection.GetProperty("id").GetInt64(),
    });
    // LS starting is not part of the sync's work: wait until the instance answers through the proxy.
    while (!(await browser.Http.GetAsync($"/projects/{name.ToLowerInvariant()}/ls/api/version")).IsSuccessStatusCode)
        await Task.Delay(250);
    return project.GetProperty("id").GetInt64();
}

// The raw rate: the AWS SDK's own ListObjectsV2 paging loop, counting objects and nothing else, in this
// process; the median of 5 listings after some unmeasured ones (the SDK here and fauxqs get as warm as the Worker).
async Task<double> MeasureRawListingAsync(int unmeasured)
{
    using var raw = s3.CreateRawClient();
    var seconds = new List<double>();
    for (var round = 0; round < unmeasured + 5; round++)
    {
        var timer = Stopwatch.StartNew();
        var listed = await S3Server.CountObjectsRawAsync(raw, bucket, "images/");
        if (round >= unmeasured)
            seconds.Add(timer.Elapsed.TotalSeconds);
        if (listed != objectCount)
            throw new InvalidOperationException($"Listed {listed} objects, expected {objectCount}.");
    }
    return objectCount / seconds.Order().ElementAt(seconds.Count / 2);
}

// Imports like a sync's into a scratch project of the instance: as many tasks as the warm-up syncs gave
// the Worker, in calls of 1,000, in three rounds with the machine idle in between. .NET starts counting
// a method's calls toward its optimized tier only once no new method was compiled for 100 ms, which
// never happens while imports come back to back: without the pauses the stand-in compiled a hundred or
// more methods during the measured sync (seen with DOTNET_JitDisasmSummary), a tenth of the machine's CPU.
async Task WarmLabelStudioAsync(string slug)
{
    const int CallSize = 1000;
    const int Rounds = 3;
    var labelStudio = $"/projects/{slug}/ls/api/projects/";
    var created = await browser.Http.PostAsJsonAsync(labelStudio, new { title = "Warm-up", label_config = LabelConfig });
    created.EnsureSuccessStatusCode();
    var scratch = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    var calls = WarmupProjects * objectCount / CallSize;
    for (var call = 0; call < calls; call++)
    {
        var tasks = Enumerable.Range(call * CallSize, CallSize).Select(i => new
        {
            data = new { image = $"/projects/{slug}/media/{i}/{i:D6}.jpg" },
            meta = new { labelit_object_id = i, location = $"s3://warm-up/{i:D6}.jpg" },
        });
        (await browser.Http.PostAsJsonAsync($"{labelStudio}{scratch}/import", tasks)).EnsureSuccessStatusCode();
        if ((call + 1) % Math.Max(1, calls / Rounds) == 0)
            await SettleAsync();
    }
    (await browser.Http.DeleteAsync($"{labelStudio}{scratch}/")).EnsureSuccessStatusCode();
}

// The processes that share the machine's cores during a sync, found again before each (new connections start new backends).
ProcessCpu[] Parts() =>
[
    ProcessCpu.FindInRun("Worker", dataDirectory, "Labelit.Worker"),
    ProcessCpu.Find("PostgreSQL", ProcessCpu.Find("postmaster", dataDirectory).ProcessIds[0], "postgres"),
    ProcessCpu.FindInRun("LS stand-in", dataDirectory, "Labelit.LabelStudioStandIn.dll"),
    ProcessCpu.Find("fauxqs", Environment.ProcessId, "fauxqs"),
    ProcessCpu.FindInRun("Web", dataDirectory, "Labelit.Web"),
];

// Waits until the app has finished starting up (.NET keeps compiling hot code for a while after a
// start), so a measured sync shares the cores only with the sync's own work.
async Task SettleAsync()
{
    var parts = Parts();
    for (var second = 0; second < 60; second++)
    {
        var before = parts.Sum(part => part.Used().TotalSeconds);
        await Task.Delay(TimeSpan.FromSeconds(1));
        if (parts.Sum(part => part.Used().TotalSeconds) - before < 0.05)
        {
            Console.Error.WriteLine($"Settled after {second + 1} s");
            return;
        }
    }
    Console.Error.WriteLine("Not settled after 60 s: measuring anyway");
}

// Seconds the Worker spent on one sync, from its own start and finish times, and the CPU each part used meanwhile.
async Task<(double Seconds, IReadOnlyList<(string Name, double Seconds)> Cpu)> SyncAsync(long projectId)
{
    var parts = Parts();
    var cpuBefore = parts.Select(part => part.Used()).ToList();
    Console.Error.WriteLine($"Sync of project {projectId} requested at monotonic {Stopwatch.GetTimestamp() / 1e9:F6} s"); // to find it in a `perf record -k CLOCK_MONOTONIC` profile
    (await api.PostAsync($"/api/v1/projects/{projectId}/dataset/syncs", null)).EnsureSuccessStatusCode();
    while (true)
    {
        // The run list is the cheapest read of a run's state; the dataset's counts would add the benchmark's own load to the sync.
        await Task.Delay(200);
        var sync = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/dataset/syncs"))[0];
        var status = sync.GetProperty("status").GetString();
        if (status is "queued" or "running")
            continue;
        if (status != "succeeded")
            throw new InvalidOperationException($"The sync {status}: {sync.GetProperty("error")}");
        Console.Error.WriteLine($"Sync of project {projectId} seen finished at monotonic {Stopwatch.GetTimestamp() / 1e9:F6} s");
        var cpu = parts.Select((part, i) => (part.Name, (part.Used() - cpuBefore[i]).TotalSeconds)).ToList();
        return ((sync.GetProperty("finishedAt").GetDateTime() - sync.GetProperty("startedAt").GetDateTime()).TotalSeconds, cpu);
    }
}
