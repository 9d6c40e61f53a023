using System.Diagnostics;
using Labelit.TestSupport;
using Labelit.Worker.Tests.Support;

namespace Labelit.Worker.Tests.Backups;

/// <summary>Runs one of the Worker's commands (restore-backup, restore-label-studio) as an operator would, with the Worker's environment.</summary>
public static class WorkerCommand
{
    public sealed record Outcome(int ExitCode, string Output, string Errors)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Errors}";
    }

    public static async Task<Outcome> RunAsync(Installation labelit, params string[] args)
    {
        var dll = RepositoryPaths.Assembly("src/Worker", "Labelit.Worker");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in args)
            start.ArgumentList.Add(argument);
        start.Environment["ConnectionStrings__labelit"] = labelit.ConnectionString;
        start.Environment["DataProtection__MasterKey"] = labelit.MasterKey;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await output, await errors);
    }
}
