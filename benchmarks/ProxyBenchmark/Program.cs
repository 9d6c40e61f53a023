using System.Net.Http.Headers;
using System.Net.Http.Json;
using Labelit.ProxyBenchmark;
using Labelit.TestSupport;
using Npgsql;

// Requests/s and latency on loopback for one LS backend (the stand-in) reached four ways:
// straight, through nginx's plain proxy_pass, through nginx with upstream keepalive (what an operator
// would configure), and through Labelit's proxy with a signed-in session.
// A program that prints figures; it never fails because a machine is slow.
const string Password = "a long enough password";
// --hold FILE: set everything up, write the paths to FILE and keep running until FILE is deleted
// (to profile or load one path by hand); the other arguments are connections, seconds per path and
// seconds of warm-up per path.
var holdIndex = Array.IndexOf(args, "--hold");
var holdFile = holdIndex >= 0 ? args[holdIndex + 1] : null;
var numbers = holdIndex >= 0 ? args.Where((_, i) => i != holdIndex && i != holdIndex + 1).ToArray() : args;
var connections = numbers.Length > 0 ? int.Parse(numbers[0]) : 32;
var duration = TimeSpan.FromSeconds(numbers.Length > 1 ? int.Parse(numbers[1]) : 10);
// A JIT-compiled proxy (and the .NET stand-in behind every path) keeps getting faster for its first
// 15-20 s under load (tiered compilation): every path gets the same 20 s of warm-up, so each is
// measured, like nginx, at its steady state.
var warmUp = TimeSpan.FromSeconds(numbers.Length > 2 ? int.Parse(numbers[2]) : 20);

var dataDirectory = TestDirectories.Create("labelit-bench-");
var standIn = RepositoryPaths.Assembly("tests/LabelStudioStandIn", "Labelit.LabelStudioStandIn");
await using var host = AppHostProcess.Start(dataDirectory, new Dictionary<string, string>
{
    ["Bootstrap__AdminEmail"] = "admin@example.com",
    ["Bootstrap__AdminPassword"] = Password,
    ["Instances__Command"] = $"dotnet {standIn} start --no-browser --port {{port}}",
    ["Logging__LogLevel__Default"] = "Warning",
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
});
var url = await host.WaitForAsync(@"Labelit is running: open (\S+)", TimeSpan.FromMinutes(3));

var browser = new SignInClient(url);
await browser.SignInAsync("admin@example.com", Password);
using var api = new HttpClient { BaseAddress = new Uri(url) };
api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await browser.CreateApiTokenAsync("benchmark"));
(await api.PostAsJsonAsync("/api/v1/projects/", new
{
    name = "Bench",
    labelConfig = "<View><Text name=\"text\" value=\"$text\"/><Choices name=\"c\" toName=\"text\"><Choice value=\"A\"/></Choices></View>",
})).EnsureSuccessStatusCode();

const string LsPath = "/api/version";
var proxied = url.TrimEnd('/') + "/projects/bench/ls" + LsPath;
while (!(await browser.Http.GetAsync(proxied)).IsSuccessStatusCode)
{
    await Task.Delay(250); // LS starting and the admin's LS account being created
}
var backend = await BackendAddressAsync(dataDirectory);
var labelitCookie = CookieHeader(browser, url);

await using var nginx = await Nginx.StartAsync(backend);
await using var bareYarp = await BareYarp.StartAsync(backend);
var paths = new (string Name, string Url, string? Cookie)[]
{
    ("backend (direct)", backend + LsPath, null),
    ("nginx proxy_pass", nginx.Url + LsPath, null),
    ("nginx keepalive", nginx.KeepAliveUrl + LsPath, null),
    // The floor for a proxy on YARP and Kestrel: the forwarder alone, nothing of Labelit's.
    ("bare YARP", bareYarp.Url + LsPath, null),
    ("Labelit proxy", proxied, labelitCookie),
    // Context, not a path to LS: what one bare ASP.NET endpoint of the same process serves here.
    ("Labelit /alive", url.TrimEnd('/') + "/alive", null),
};

if (holdFile is not null)
{
    await File.WriteAllLinesAsync(holdFile, paths.Select(p => $"{p.Name}\t{p.Url}\t{p.Cookie}"));
    Console.WriteLine($"Holding: paths in {holdFile}; delete it to stop.");
    while (File.Exists(holdFile))
    {
        await Task.Delay(500);
    }
    await host.StopAsync(TimeSpan.FromMinutes(3));
    Directory.Delete(dataDirectory, recursive: true);
    return 0;
}

Console.WriteLine($"Proxy benchmark: GET {LsPath} of one LS stand-in, {connections} connections, {duration.TotalSeconds:0} s per path after {warmUp.TotalSeconds:0} s of warm-up, 2 cores shared by everything.");
// Aspire's orchestrator (DCP) runs Web and the Worker, and so the stand-in, outside the AppHost's
// process tree: they are found by the path of this repository's build in their command line.
var processes = new[]
{
    ProcessCpu.Find("Labelit", Path.Combine(RepositoryPaths.Root, "src", "Web", "bin", RepositoryPaths.Configuration, "net10.0", "Labelit.Web")),
    ProcessCpu.Find("nginx", nginx.ProcessId, "nginx"),
    ProcessCpu.Find("bare YARP", bareYarp.ProcessId, "Labelit.BareYarpProxy"),
    ProcessCpu.Find("stand-in", standIn),
};
var results = new List<WrkResult>();
var cpu = new List<double[]>();
foreach (var (name, target, cookie) in paths)
{
    await Wrk.RunAsync(name, target, connections, warmUp, cookie);
    var before = processes.Select(p => p.Used()).ToArray();
    var result = await Wrk.RunAsync(name, target, connections, duration, cookie);
    results.Add(result);
    cpu.Add(processes.Select((p, i) => (p.Used() - before[i]).TotalMicroseconds / Math.Max(1, result.Requests)).ToArray());
}

Console.WriteLine();
Console.WriteLine($"{"path",-20} {"req/s",10} {"p50 ms",9} {"p99 ms",9} {"errors",7}");
foreach (var result in results)
{
    Console.WriteLine($"{result.Path,-20} {result.RequestsPerSecond,10:0} {result.P50Ms,9:0.00} {result.P99Ms,9:0.00} {result.Errors,7}");
}
Console.WriteLine();
Console.WriteLine($"CPU µs per request (user + system, from /proc; wrk not counted)");
Console.WriteLine($"{"path",-20}" + string.Concat(processes.Select(p => $" {p.Name,10}")));
foreach (var (result, used) in results.Zip(cpu))
{
    Console.WriteLine($"{result.Path,-20}" + string.Concat(used.Select(us => $" {us,10:0}")));
}
var viaLabelit = results[4];
Console.WriteLine();
foreach (var baseline in new[] { results[1], results[2], results[3] })
{
    Console.WriteLine($"Labelit / {baseline.Path} throughput: {viaLabelit.RequestsPerSecond / baseline.RequestsPerSecond:0.00} (target >= 0.80)");
    Console.WriteLine($"Labelit p99 - {baseline.Path} p99: {viaLabelit.P99Ms - baseline.P99Ms:+0.00;-0.00} ms (target <= 1 ms)");
}
// What no YARP proxy can beat here: the bare forwarder against the keepalive nginx, and in CPU per
// request (steadier than req/s on a shared machine) what Labelit adds on top of the bare forwarder.
Console.WriteLine($"bare YARP / nginx keepalive throughput: {results[3].RequestsPerSecond / results[2].RequestsPerSecond:0.00}");
Console.WriteLine($"CPU per request, proxy process only: nginx keepalive {cpu[2][1]:0} µs, bare YARP {cpu[3][2]:0} µs, Labelit {cpu[4][0]:0} µs " +
    $"(Labelit / bare YARP {cpu[4][0] / Math.Max(1, cpu[3][2]):0.00})");

await host.StopAsync(TimeSpan.FromMinutes(3));

// Second phase: LS's own wire behaviour. A real LS (Django's wsgiref server) sends the status line
// alone and holds the rest until it is acknowledged, which costs a kept-alive client ~40 ms per
// request (docs/label-studio-latency.md). The stand-in's STANDIN_WSGI_WIRE mode does the same; the
// same installation is started again with its instance in that mode.
await using (var wireHost = AppHostProcess.Start(dataDirectory, new Dictionary<string, string>
{
    ["Instances__Command"] = $"dotnet {standIn} start --no-browser --port {{port}}",
    ["Instances__Environment__STANDIN_WSGI_WIRE"] = "true",
    ["Logging__LogLevel__Default"] = "Warning",
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
}))
{
    var wireUrl = await wireHost.WaitForAsync(@"Labelit is running: open (\S+)", TimeSpan.FromMinutes(3));
    var person = new SignInClient(wireUrl);
    await person.SignInAsync("admin@example.com", Password);
    var wireProxied = wireUrl.TrimEnd('/') + "/projects/bench/ls" + LsPath;
    while (!(await person.Http.GetAsync(wireProxied)).IsSuccessStatusCode)
    {
        await Task.Delay(250);
    }
    var wireBackend = await BackendAddressAsync(dataDirectory) + LsPath;
    const int Requests = 300;
    using var newConnections = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });
    using var keptAlive = new HttpClient(new SocketsHttpHandler());
    using var labelitConnection = new HttpClient(Labelit.Data.LabelStudio.LabelStudioConnections.CreateHandler());
    var latencies = new[]
    {
        await SequentialLatency.MeasureAsync("direct, new connection each", newConnections, wireBackend, Requests),
        await SequentialLatency.MeasureAsync("direct, kept alive", keptAlive, wireBackend, Requests),
        await SequentialLatency.MeasureAsync("Worker's LS connection", labelitConnection, wireBackend, Requests),
        await SequentialLatency.MeasureAsync("through Labelit's proxy", person.Http, wireProxied, Requests),
    };
    Console.WriteLine();
    Console.WriteLine($"Sequential GET {LsPath}, {Requests} requests each, instance in the stand-in's LS wire mode (STANDIN_WSGI_WIRE)");
    Console.WriteLine($"{"path",-30} {"p50 ms",9} {"p99 ms",9}");
    foreach (var latency in latencies)
    {
        Console.WriteLine($"{latency.Path,-30} {latency.P50Ms,9:0.00} {latency.P99Ms,9:0.00}");
    }
    var bestDirect = Math.Min(latencies[0].P50Ms, latencies[1].P50Ms);
    Console.WriteLine($"Added by Labelit's proxy at p50 over the best direct client: {latencies[3].P50Ms - bestDirect:+0.00;-0.00} ms (target <= 1 ms)");
    Console.WriteLine($"Worker's LS connection at p50 over the best direct client: {latencies[2].P50Ms - bestDirect:+0.00;-0.00} ms");
    await wireHost.StopAsync(TimeSpan.FromMinutes(3));
}
Directory.Delete(dataDirectory, recursive: true);
return 0;

static async Task<string> BackendAddressAsync(string dataDirectory)
{
    await using var connection = new NpgsqlConnection(AppHostDatabase.ConnectionString(dataDirectory));
    await connection.OpenAsync();
    await using var query = new NpgsqlCommand("SELECT address FROM ls_instances WHERE address IS NOT NULL LIMIT 1", connection);
    return ((string)(await query.ExecuteScalarAsync())!).TrimEnd('/');
}

static string CookieHeader(SignInClient browser, string url) =>
    browser.Handler.CookieContainer.GetCookieHeader(new Uri(url));
