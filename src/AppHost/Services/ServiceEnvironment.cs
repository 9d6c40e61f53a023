using Labelit.AppHost.Postgres;

namespace Labelit.AppHost.Services;

/// <summary>
/// The environment the services get, named the way a .NET Aspire AppHost names it, so that Web and
/// Worker never know which orchestrator started them.
/// </summary>
internal static class ServiceEnvironment
{
    public static Dictionary<string, string> Shared(IPostgresServer database, string dataDirectory, string webUrl, string workerUrl) => new()
    {
        ["ConnectionStrings__labelit"] = database.ConnectionString,
        ["services__web__http__0"] = webUrl,
        ["services__worker__http__0"] = workerUrl,
        ["DataProtection__MasterKeyFile"] = EnsureMasterKey(dataDirectory),
        ["Labelit__DataDirectory"] = dataDirectory,
    };

    public static Dictionary<string, string> For(ServiceProject project, Dictionary<string, string> shared, string listenUrl) =>
        new(shared)
        {
            ["ASPNETCORE_URLS"] = listenUrl,
            ["OTEL_SERVICE_NAME"] = project.Name,
        };

    /// <summary>
    /// The key that encrypts the services' key ring at rest. It stays on disk beside the database,
    /// never in it, so a copy of the database alone reveals no secret.
    /// </summary>
    private static string EnsureMasterKey(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "master.key");
        SecretFile.ReadOrCreate(path, 32, base64: true);
        return path;
    }
}
