using System.Diagnostics;

namespace Labelit.AppHost.Servers;

/// <summary>Whether PostgreSQL and Redis run as containers or as this machine's own server programs.</summary>
internal static class ServerMode
{
    /// <summary>
    /// "Container" or "Local" for the AppHost:Servers setting. Auto picks containers when a container
    /// runtime answers (the one ASPIRE_CONTAINER_RUNTIME names, else docker, else podman) and exports
    /// its name for Aspire; otherwise the local servers. A runtime that answers but cannot start the
    /// PostgreSQL image here (not pulled yet, or refused by the machine) gives way to this machine's
    /// servers when they are installed, with a line saying so.
    /// </summary>
    public static string Choose(string setting, string? postgresBinDirectory = null)
    {
        return setting.ToLowerInvariant() switch
        {
            "local" => "Local",
            "container" => AnsweringRuntime() is { } runtime ? UseRuntime(runtime) : throw new ServersUnavailableException(
                "AppHost:Servers is Container, but neither docker nor podman answers. Start one (for podman: " +
                "sudo apt-get install podman), or set AppHost__Servers=Local to run this machine's PostgreSQL and Redis."),
            "auto" => AnsweringRuntime() is { } runtime ? ContainersOrLocal(runtime, postgresBinDirectory) : "Local",
            _ => throw new ServersUnavailableException($"AppHost:Servers is '{setting}'; it must be Auto, Container or Local."),
        };
    }

    private static string ContainersOrLocal(string runtime, string? postgresBinDirectory)
    {
        if (CannotRun(runtime, ContainerServers.PostgresImage) is not { } problem)
            return UseRuntime(runtime);
        if (PostgresBinaries.Find(postgresBinDirectory) is null || !LocalRedis.IsInstalled)
            return UseRuntime(runtime); // nothing else to run: Aspire pulls the images, or says why it cannot
        Console.Out.WriteLine($"{runtime} answers but cannot start {ContainerServers.PostgresImage} here ({problem}); " +
            "using this machine's PostgreSQL and Redis. Set AppHost__Servers=Container to insist on containers.");
        return "Local";
    }

    /// <summary>Why <paramref name="runtime"/> cannot start <paramref name="image"/> without pulling it, or null when it can.</summary>
    private static string? CannotRun(string runtime, string image)
    {
        var (exitCode, output) = Run(runtime, ["run", "--rm", "--pull=never", "--entrypoint", "true", image], TimeSpan.FromSeconds(60));
        return exitCode == 0 ? null : output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? $"exit code {exitCode}";
    }

    private static string UseRuntime(string runtime)
    {
        Environment.SetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME", runtime);
        return "Container";
    }

    private static string? AnsweringRuntime()
    {
        var named = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME");
        string[] candidates = string.IsNullOrEmpty(named) ? ["docker", "podman"] : [named];
        return candidates.FirstOrDefault(Answers);
    }

    private static bool Answers(string runtime) => Run(runtime, ["info"], TimeSpan.FromSeconds(20)).ExitCode == 0;

    private static (int ExitCode, string Output) Run(string program, string[] arguments, TimeSpan limit)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"no answer within {limit.TotalSeconds:0} s");
            }
            return (process.ExitCode, output.Result + error.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (127, $"{program} is not installed");
        }
    }
}
