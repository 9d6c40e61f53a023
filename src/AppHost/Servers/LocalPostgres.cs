using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Labelit.AppHost.Servers;

/// <summary>
/// PostgreSQL from this machine's server programs, as an Aspire executable resource: a cluster in
/// &lt;data&gt;/postgres/data (created on first start with a generated superuser password kept beside
/// it, owner-only), listening on loopback only. "labelit" is its database's connection string.
/// </summary>
internal static class LocalPostgres
{
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, AppHostOptions options, string dataDirectory)
    {
        var binDirectory = PostgresBinaries.Find(options.PostgresBinDirectory) ?? throw new ServersUnavailableException(
            "PostgreSQL was not found: install its server (Debian/Ubuntu: sudo apt-get install postgresql), or Docker or Podman to run it in a container.");
        var cluster = new LocalCluster(binDirectory, Path.Combine(dataDirectory, "postgres"),
            Environment.IsPrivilegedProcess ? options.PostgresRunAsUser : null);
        cluster.Prepare();

        // PostgreSQL refuses to run as root; setpriv execs it as the cluster's owner (no process in
        // between, so Aspire's stop signal reaches the server itself).
        var (command, prefix) = cluster.RunAs is { } user
            ? ("setpriv", new[] { $"--reuid={user}", $"--regid={user}", "--init-groups", Path.Combine(binDirectory, "postgres") })
            : (Path.Combine(binDirectory, "postgres"), Array.Empty<string>());
        var server = builder.AddExecutable("postgres", command, cluster.Directory)
            .WithEndpoint(name: "tcp", scheme: "tcp")
            .WithIconName("Database");
        var endpoint = server.GetEndpoint("tcp");
        server.WithArgs(context =>
        {
            // TCP on loopback only; no Unix socket, so two clusters never fight over /var/run/postgresql.
            string[] settings = ["-D", cluster.DataDirectory, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-p"];
            foreach (var argument in prefix.Concat(settings))
            {
                context.Args.Add(argument);
            }
            context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
        });

        var password = builder.AddParameter("postgres-password", cluster.Password, secret: true);
        var connectionString = ReferenceExpression.Create(
            $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={password};Database=labelit");

        // Healthy once it answers and the labelit database exists (created here on first start).
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("postgres-ready",
            _ => new DatabaseReadyCheck(connectionString), failureStatus: null, tags: null));
        server.WithHealthCheck("postgres-ready");
        return builder.AddConnectionString("labelit", connectionString).WaitFor(server);
    }

    private sealed class DatabaseReadyCheck(ReferenceExpression connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                var target = new NpgsqlConnectionStringBuilder(await connectionString.GetValueAsync(cancellationToken));
                var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
                await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
                exists.Parameters.AddWithValue(target.Database!);
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database}\"", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
                return HealthCheckResult.Healthy();
            }
            catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(exception.Message);
            }
        }
    }
}
