using Labelit.Containers;
using Microsoft.Extensions.Logging;

namespace Labelit.AppHost.Postgres;

/// <summary>Chooses how PostgreSQL runs: a container when an engine answers, else local binaries.</summary>
public static class PostgresProvisioner
{
    public static async Task<IPostgresServer> StartAsync(PostgresOptions options, string stateDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var clusterDirectory = options.DataDirectory ?? Path.Combine(stateDirectory, "postgres");
        var mode = options.Mode.Trim().ToLowerInvariant();
        if (mode is not ("auto" or "container" or "local"))
        {
            throw new PostgresUnavailableException($"Postgres:Mode is '{options.Mode}'; use Auto, Container or Local.");
        }

        if (mode != "local")
        {
            var engine = await ContainerEngine.FindAsync(cancellationToken);
            if (engine is not null)
            {
                return await ContainerPostgres.StartAsync(engine, options, stateDirectory, logger, cancellationToken);
            }
            if (mode == "container")
            {
                throw new PostgresUnavailableException("Postgres:Mode is Container, but no Docker-compatible engine answers (DOCKER_HOST or /var/run/docker.sock).");
            }
        }

        if (!LocalPostgres.IsAvailable(options))
        {
            throw new PostgresUnavailableException(
                "Labelit needs PostgreSQL and found neither a Docker-compatible engine nor PostgreSQL server binaries. " +
                "Install one: sudo apt-get install postgresql (Debian/Ubuntu), or start Docker.");
        }
        return await LocalPostgres.StartAsync(options, clusterDirectory, logger, cancellationToken);
    }
}
