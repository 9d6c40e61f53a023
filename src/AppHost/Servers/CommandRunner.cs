using System.Diagnostics;

namespace Labelit.AppHost.Servers;

/// <summary>Runs a short command to completion, as another user when asked, and fails with its output.</summary>
internal static class CommandRunner
{
    public static string Run(string fileName, IEnumerable<string> arguments, string? asUser = null)
    {
        var start = new ProcessStartInfo(asUser is null ? fileName : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asUser is not null)
        {
            foreach (var argument in new[] { "-u", asUser, "--", fileName })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var text = (output + error.GetAwaiter().GetResult()).Trim();
        if (process.ExitCode != 0)
        {
            throw new ServersUnavailableException($"{Path.GetFileName(fileName)} failed (exit {process.ExitCode}): {text}");
        }
        return text;
    }
}
