using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Npgsql;

namespace Labelit.AppHost.Services;

/// <summary>Once Web is healthy: the address to open, and how to add the first admin if there is none.</summary>
internal static class RunningBanner
{
    public static IResourceBuilder<ProjectResource> AnnounceWhenReady(
        this IResourceBuilder<ProjectResource> web, IResourceBuilder<IResourceWithConnectionString> database) =>
        web.OnResourceReady(async (resource, _, cancellationToken) =>
        {
            var url = resource.GetEndpoint("http").Url.Replace("0.0.0.0", "localhost");
            var hasAdmin = await HasAdminAsync(await database.Resource.GetConnectionStringAsync(cancellationToken), cancellationToken);
            Console.Out.WriteLine();
            Console.Out.WriteLine($"Labelit is running: open {url}");
            if (!hasAdmin)
            {
                Console.Out.WriteLine("No admin yet. In another terminal: dotnet run --project src/AppHost -- create-admin --email you@example.com");
            }
            Console.Out.WriteLine("Press Ctrl+C to stop.");
            Console.Out.WriteLine();
        });

    private static async Task<bool> HasAdminAsync(string? connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM users WHERE role = 'Admin'", connection);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))! > 0;
    }
}
