using Docker.DotNet;
using Docker.DotNet.Models;
using Labelit.AppHost.Services;
using Labelit.Containers;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Labelit.AppHost.Postgres;

/// <summary>
/// PostgreSQL in a container with a named volume, through a Docker-compatible engine. The container
/// is kept between runs (stopped, not removed), so its port and data stay the same.
/// </summary>
internal sealed class ContainerPostgres(DockerClient engine, ILogger logger) : IPostgresServer
{
    private const string ContainerName = "labelit-postgres";
    private const string VolumeName = "labelit-postgres-data";

    public string ConnectionString { get; private set; } = "";

    public string Description { get; private set; } = "";

    public static async Task<ContainerPostgres> StartAsync(DockerClient engine, PostgresOptions options, string stateDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var server = new ContainerPostgres(engine, logger);
        await server.StartAsync(options, stateDirectory, cancellationToken);
        return server;
    }

    private async Task StartAsync(PostgresOptions options, string stateDirectory, CancellationToken cancellationToken)
    {
        var password = SecretFile.ReadOrCreate(Path.Combine(stateDirectory, "container-postgres.password"), 24);
        if (await engine.FindContainerAsync(ContainerName, cancellationToken) is null)
        {
            logger.LogInformation("Creating container {Name} from {Image} with volume {Volume}", ContainerName, options.Image, VolumeName);
            await engine.EnsureImageAsync(options.Image, cancellationToken);
            var port = options.Port ?? FreePort.Next();
            await engine.Containers.CreateContainerAsync(Spec(options.Image, password, port), cancellationToken);
        }
        await engine.Containers.StartContainerAsync(ContainerName, new ContainerStartParameters(), cancellationToken);

        var bindings = (await engine.FindContainerAsync(ContainerName, cancellationToken))?.HostConfig?.PortBindings;
        var hostPort = bindings?.TryGetValue("5432/tcp", out var published) == true ? published.FirstOrDefault()?.HostPort : null;
        if (hostPort is null)
            throw new InvalidOperationException($"Container {ContainerName} publishes no port for 5432.");
        ConnectionString = $"Host=127.0.0.1;Port={hostPort};Username=postgres;Password={password};Database=postgres";
        Description = $"PostgreSQL in container {ContainerName} (volume {VolumeName}) on 127.0.0.1:{hostPort}";
        await WaitUntilAcceptingAsync(cancellationToken);
        ConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = options.Database }.ConnectionString;
        await PostgresDatabase.EnsureExistsAsync(ConnectionString, cancellationToken);
    }

    private static CreateContainerParameters Spec(string image, string password, int port) => new()
    {
        Name = ContainerName,
        Image = image,
        Env = [$"POSTGRES_PASSWORD={password}"],
        Labels = new Dictionary<string, string> { ["labelit.role"] = "database" },
        ExposedPorts = new Dictionary<string, EmptyStruct> { ["5432/tcp"] = default },
        HostConfig = new HostConfig
        {
            Binds = [$"{VolumeName}:/var/lib/postgresql/data"],
            // Loopback only: the database is never reachable from other machines.
            PortBindings = new Dictionary<string, IList<PortBinding>>
            {
                ["5432/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = port.ToString() }],
            },
        },
    };

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await engine.StopContainerIfAnyAsync(ContainerName, CancellationToken.None);
        logger.LogInformation("Container {Name} stopped; its volume keeps the data", ContainerName);
        engine.Dispose();
    }
}
