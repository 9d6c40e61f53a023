using System.Diagnostics;

namespace Labelit.AppHost.Postgres;

/// <summary>Runs a short command to completion, as another user when asked, and fails with its output.</summary>
internal static class CommandRunner
{
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string? asUser = null, CancellationToken cancellationToken = default)
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
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = (await output + await error).Trim();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} failed (exit {process.ExitCode}): {text}");
        }
        return text;
    }
}
