using System.Text.Json;

namespace Labelit.AppHost.Services;

/// <summary>
/// While Labelit runs, the connection strings of its servers, so that a command started beside it
/// (create-admin, restore-label-studio) uses them instead of starting a second server on the same
/// data. Owner-only, removed on stop; one left by a killed run is ignored (its process is gone).
/// </summary>
internal static class RunFile
{
    private sealed record Content(int ProcessId, Dictionary<string, string> Environment);

    private static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "run", "apphost.json");

    public static void Write(string dataDirectory, Dictionary<string, string> environment) =>
        SecretFile.Write(PathIn(dataDirectory), JsonSerializer.Serialize(new Content(System.Environment.ProcessId, environment)));

    public static void Delete(string dataDirectory) => File.Delete(PathIn(dataDirectory));

    /// <summary>The running AppHost's server environment, or null when none runs on this data folder.</summary>
    public static Dictionary<string, string>? ReadRunning(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }
        var content = JsonSerializer.Deserialize<Content>(File.ReadAllText(path));
        return content is not null && File.Exists($"/proc/{content.ProcessId}/stat") ? content.Environment : null;
    }
}
