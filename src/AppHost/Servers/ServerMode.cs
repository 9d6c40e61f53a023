using System.Diagnostics;

namespace Labelit.AppHost.Servers;

/// <summary>Whether PostgreSQL and Redis run as containers or as this machine's own server programs.</summary>
internal static class ServerMode
{
    /// <summary>
    /// "Container" or "Local" for the AppHost:Servers setting. Auto picks containers when a container
    /// runtime answers (the one ASPIRE_CONTAINER_RUNTIME names, else docker, else podman) and exports
    /// its name for Aspire; otherwise the local servers.
    /// </summary>
    public static string Choose(string setting)
    {
        return setting.ToLowerInvariant() switch
        {
            "local" => "Local",
            "container" => AnsweringRuntime() is { } runtime ? UseRuntime(runtime) : throw new ServersUnavailableException(
                "AppHost:Servers is Container, but neither docker nor podman answers. Start one (for podman: " +
                "sudo apt-get install podman), or set AppHost__Servers=Local to run this machine's PostgreSQL and Redis."),
            "auto" => AnsweringRuntime() is { } runtime ? UseRuntime(runtime) : "Local",
            _ => throw new ServersUnavailableException($"AppHost:Servers is '{setting}'; it must be Auto, Container or Local."),
        };
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

    private static bool Answers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill();
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
