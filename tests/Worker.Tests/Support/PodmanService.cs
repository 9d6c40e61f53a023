using System.Diagnostics;
using Labelit.Worker.Runtimes;

namespace Labelit.Worker.Tests.Support;

/// <summary>
/// podman's Docker-compatible API on a private socket, with the image scripts/deps/podman.sh
/// builds. <see cref="Problem"/> says why it cannot run here, which skips the test that needs it.
/// </summary>
public sealed class PodmanService : IAsyncDisposable
{
    public const string Image = "localhost/labelit-ls-standin:bookworm";
    public const string ConfigFile = "/var/tmp/labelit-podman/containers.conf";

    private readonly Process _service;
    private readonly string _directory;

    private PodmanService(Process service, string directory, string socket)
    {
        _service = service;
        _directory = directory;
        Socket = socket;
    }

    public string Socket { get; }

    /// <summary>Null when podman, runc, its configuration and the image are all there; else what is missing.</summary>
    public static string? Problem()
    {
        if (!File.Exists("/usr/bin/podman") || !File.Exists("/usr/bin/runc"))
            return "podman or runc is not installed: run scripts/deps/podman.sh (as root) to enable this test.";
        if (!File.Exists(ConfigFile))
            return $"{ConfigFile} is missing: run scripts/deps/podman.sh to enable this test.";
        var exists = Run("image", "exists", Image);
        return exists == 0 ? null : $"The image {Image} is missing (podman said {exists}): run scripts/deps/podman.sh to enable this test.";
    }

    public static async Task<PodmanService> StartAsync()
    {
        var directory = Labelit.TestSupport.TestDirectories.Create("labelit-podman-");
        var socket = Path.Combine(directory, "podman.sock");
        var start = new ProcessStartInfo("/usr/bin/podman") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "system", "service", "--time=0", "unix://" + socket })
            start.ArgumentList.Add(argument);
        start.Environment["CONTAINERS_CONF"] = ConfigFile;
        var service = Process.Start(start)!;
        var watch = Stopwatch.StartNew();
        using var client = ContainerEngine.Connect(socket);
        while (!File.Exists(socket) || !await ContainerEngine.AnswersAsync(client, CancellationToken.None))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(20) || service.HasExited)
                throw new InvalidOperationException("podman system service did not answer: " + await service.StandardError.ReadToEndAsync());
            await Task.Delay(100);
        }
        return new PodmanService(service, directory, socket);
    }

    public static int Run(params string[] arguments) => Podman(arguments).ExitCode;

    /// <summary>What a podman command printed.</summary>
    public static string Output(params string[] arguments) => Podman(arguments).Output;

    private static (int ExitCode, string Output) Podman(string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/podman") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["CONTAINERS_CONF"] = ConfigFile;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_service.HasExited)
        {
            _service.Kill();
            await _service.WaitForExitAsync();
        }
        _service.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>A fact that is skipped, with the reason shown, where podman cannot run.</summary>
public sealed class PodmanFactAttribute : FactAttribute
{
    public PodmanFactAttribute()
    {
        if (PodmanService.Problem() is { } problem)
            Skip = problem;
    }
}
