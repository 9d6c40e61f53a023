using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Labelit.AppHost.Servers;

/// <summary>PostgreSQL and Redis as Aspire's own container resources, each with a data volume.</summary>
internal static class ContainerServers
{
    // Backups run this machine's pg_dump, which must be at least as new as the server: PostgreSQL 15
    // is what Debian 12 ships. Redis 7.0 likewise, so that the images built for our tests
    // (scripts/deps) are what they are named.
    private const string PostgresTag = "15";
    private const string RedisTag = "7.0";

    /// <summary>The image the PostgreSQL resource asks the runtime for.</summary>
    public const string PostgresImage = "docker.io/library/postgres:" + PostgresTag;

    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresContainer(
        this IDistributedApplicationBuilder builder, string dataDirectory)
    {
        // The password is Labelit's own (in the data folder), not a user secret: the volume
        // belongs to this data folder and must open with the same password on every run.
        var password = builder.AddParameter("postgres-password",
            SecretFile.ReadOrCreate(Path.Combine(dataDirectory, "postgres", "superuser.password"), 24), secret: true);
        return builder.AddPostgres("postgres", password: password)
            .WithImageTag(PostgresTag)
            .WithDataVolume(VolumeName(dataDirectory, "postgres"))
            .AddDatabase("labelit");
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddRedisContainer(
        this IDistributedApplicationBuilder builder, string dataDirectory)
    {
        var password = builder.AddParameter("redis-password",
            SecretFile.ReadOrCreate(Path.Combine(dataDirectory, "redis", "password"), 24), secret: true);
        return builder.AddRedis("redis", password: password)
            .WithImageTag(RedisTag)
            .WithDataVolume(VolumeName(dataDirectory, "redis"))
            .WithPersistence(TimeSpan.FromSeconds(60))
            .WithArgs(AppendOnlyFile);
    }

    /// <summary>
    /// Aspire's persistence is RDB snapshots only; the append-only file (fsync every second, Redis's
    /// default) loses at most a second of writes in a crash. Aspire starts Redis through
    /// `sh -c "redis-server ..."`, so the option joins that command line.
    /// </summary>
    private static void AppendOnlyFile(CommandLineArgsCallbackContext context)
    {
        var last = context.Args.Count - 1;
        if (last >= 0 && context.Args[last] is string command && command.StartsWith("redis-server", StringComparison.Ordinal))
        {
            context.Args[last] = command.Contains("--appendonly") ? command : command + " --appendonly yes";
        }
        else
        {
            context.Args.Add("--appendonly");
            context.Args.Add("yes");
        }
    }

    /// <summary>One volume per data folder, so two Labelit folders on one machine never share a database.</summary>
    internal static string VolumeName(string dataDirectory, string server)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..10].ToLowerInvariant();
        return $"labelit-{hash}-{server}-data";
    }
}
