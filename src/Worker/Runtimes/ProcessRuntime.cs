using System.Collections.Concurrent;
using System.Diagnostics;
using Labelit.Worker.Instances;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Runtimes;

/// <summary>
/// Runs each instance as a local process (default `label-studio start --no-browser --port N`).
/// The process gets its own session (setsid) and writes its output to a log file in its data
/// folder, so it outlives a Worker restart; an environment variable carries the instance key,
/// which is how a restarted Worker finds it in /proc. Its handle is "pid:starttime".
/// </summary>
public sealed class ProcessRuntime(IOptions<InstanceOptions> options, ILogger<ProcessRuntime> logger) : IInstanceRuntime
{
    public const string KeyVariable = "LABELIT_LS_INSTANCE";
    public const string LogFileName = "labelit-instance.log";

    // Only what a program needs to run; never the Worker's own settings (database, master key).
    private static readonly string[] InheritedVariables =
        ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "DOTNET_ROOT", "DOTNET_CLI_HOME", "PYTHONPATH", "VIRTUAL_ENV"];

    private readonly ConcurrentDictionary<string, Process> _children = new();

    public string Name => "Process";

    public Task<string> StartAsync(InstanceLaunch launch, CancellationToken cancellationToken)
    {
        var dataDirectory = launch.Environment["LABEL_STUDIO_BASE_DATA_DIR"];
        Directory.CreateDirectory(dataDirectory);
        // Each start writes a fresh log, so its tail explains this run; the one before is kept.
        var log = Path.Combine(dataDirectory, LogFileName);
        if (File.Exists(log))
            File.Move(log, log + ".previous", overwrite: true);
        var command = CommandLine.Expand(options.Value.Command, new Dictionary<string, string>
        {
            ["port"] = launch.Port.ToString(),
            ["dataDir"] = dataDirectory,
        });

        // setsid: its own process group, so a signal to the Worker's group does not reach it and
        // Stop can end the whole group. sh only redirects output to the log and execs the command.
        var start = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        if (start.FileName != "/bin/sh")
            start.ArgumentList.Add("/bin/sh");
        foreach (var argument in new[] { "-c", "exec \"$0\" \"$@\" >>\"$LABELIT_LS_LOG\" 2>&1" }.Concat(command))
            start.ArgumentList.Add(argument);

        start.Environment.Clear();
        foreach (var name in InheritedVariables)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
                start.Environment[name] = value;
        }
        foreach (var (name, value) in launch.Environment)
            start.Environment[name] = value;
        start.Environment[KeyVariable] = launch.InstanceKey.ToString();
        start.Environment["LABELIT_LS_LOG"] = log;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command[0]}.");
        var startTime = LinuxProcesses.StartTime(process.Id);
        if (startTime is null)
        {
            process.WaitForExit(1000);
            throw new InvalidOperationException($"{command[0]} exited at once{ExitDetail(process)}.");
        }
        var handle = $"{process.Id}:{startTime}";
        _children[handle] = process;
        logger.LogInformation("Started LS process {Pid} for project {ProjectId} on port {Port}", process.Id, launch.ProjectId, launch.Port);
        return Task.FromResult(handle);
    }

    public Task<RuntimeStatus> InspectAsync(Guid instanceKey, string handle, CancellationToken cancellationToken)
    {
        var (pid, startTime) = Parse(handle);
        if (LinuxProcesses.IsAlive(pid, startTime))
            return Task.FromResult(RuntimeStatus.Running);
        var detail = _children.TryRemove(handle, out var child) ? ExitDetail(child) : "";
        child?.Dispose();
        return Task.FromResult(RuntimeStatus.Gone($"The LS process {pid} stopped{detail}."));
    }

    public async Task StopAsync(Guid instanceKey, string handle, CancellationToken cancellationToken)
    {
        var (pid, startTime) = Parse(handle);
        if (LinuxProcesses.IsAlive(pid, startTime))
        {
            LinuxProcesses.Signal(pid, LinuxProcesses.SigTerm);
            LinuxProcesses.Signal(pid, LinuxProcesses.SigCont); // a stopped (hung) process only acts on SIGTERM once it runs
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (LinuxProcesses.IsAlive(pid, startTime) && DateTime.UtcNow < deadline)
                await Task.Delay(50, cancellationToken);
            if (LinuxProcesses.IsAlive(pid, startTime))
                LinuxProcesses.Signal(pid, LinuxProcesses.SigKill);
        }
        if (_children.TryRemove(handle, out var child))
            child.Dispose();
    }

    public Task<IReadOnlyList<RuntimeInstance>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<RuntimeInstance>();
        foreach (var pid in LinuxProcesses.AllPids())
        {
            if (LinuxProcesses.Environment(pid) is { } environment
                && environment.TryGetValue(KeyVariable, out var key) && Guid.TryParse(key, out var instanceKey)
                && LinuxProcesses.StartTime(pid) is { } startTime && LinuxProcesses.IsAlive(pid, startTime))
            {
                found.Add(new RuntimeInstance(instanceKey, $"{pid}:{startTime}", IsRunning: true));
            }
        }
        return Task.FromResult<IReadOnlyList<RuntimeInstance>>(found);
    }

    private static (int Pid, long StartTime) Parse(string handle)
    {
        var parts = handle.Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], out var pid) && long.TryParse(parts[1], out var startTime)
            ? (pid, startTime)
            : throw new InvalidOperationException($"'{handle}' is not a process handle (pid:starttime).");
    }

    private static string ExitDetail(Process process) =>
        process.HasExited ? $" with exit code {process.ExitCode}" : "";

    /// <summary>The last lines the instance wrote, which usually say why it stopped.</summary>
    internal static string LogTail(string dataDirectory, int lines = 5)
    {
        try
        {
            var tail = File.ReadLines(Path.Combine(dataDirectory, LogFileName)).TakeLast(lines).ToList();
            return tail.Count == 0 ? "It wrote no output." : "Last output: " + string.Join(" | ", tail);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
