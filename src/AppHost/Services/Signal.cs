using System.Diagnostics;

namespace Labelit.AppHost.Services;

internal static class Signal
{
    /// <summary>
    /// Asks a process to shut down (SIGTERM), so an ASP.NET Core host runs its stop logic.
    /// Process.Kill only sends SIGKILL; the kill command is everywhere the AppHost runs.
    /// </summary>
    public static void Terminate(int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", processId.ToString()]) { UseShellExecute = false });
        kill?.WaitForExit();
    }
}
