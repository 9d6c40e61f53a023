using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Labelit.AppHost.Services;

/// <summary>
/// Runs one service as a child process, prefixes its console output with its name, restarts it
/// with backoff when it crashes, and stops it gently (SIGTERM, then kill) when asked.
/// </summary>
internal sealed class ServiceProcess(ServiceProject project, IReadOnlyDictionary<string, string> environment, ILogger logger)
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public string Name => project.Name;

    /// <summary>Keeps the service running until <paramref name="stopping"/> fires, then stops it.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            var startedAt = Stopwatch.StartNew();
            var process = Start();
            try
            {
                await process.WaitForExitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                await StopAsync(process);
                return;
            }

            // Ran a good while before dying: a fresh crash, so restart quickly again.
            backoff = startedAt.Elapsed > TimeSpan.FromMinutes(1) ? TimeSpan.FromSeconds(1) : backoff;
            logger.LogError("{Service} exited with code {Code}; restarting in {Delay:0} s", Name, process.ExitCode, backoff.TotalSeconds);
            try
            {
                await Task.Delay(backoff, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private Process Start()
    {
        if (!File.Exists(project.AssemblyPath))
        {
            throw new FileNotFoundException($"{project.AssemblyPath} is not built. Run the AppHost with 'dotnet run --project src/AppHost', which builds it.");
        }
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project.ProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(project.AssemblyPath);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Write(line.Data);
        process.ErrorDataReceived += (_, line) => Write(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        logger.LogInformation("{Service} started (pid {Pid})", Name, process.Id);
        return process;
    }

    private void Write(string? line)
    {
        if (line is not null)
        {
            Console.Out.WriteLine($"[{Name}] {line}");
        }
    }

    private async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }
        Signal.Terminate(process.Id);
        using var grace = new CancellationTokenSource(GracePeriod);
        try
        {
            await process.WaitForExitAsync(grace.Token);
            logger.LogInformation("{Service} stopped", Name);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("{Service} did not stop within {Seconds} s; killing it", Name, GracePeriod.TotalSeconds);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
