using Labelit.AppHost.Postgres;
using Labelit.AppHost.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.AppHost;

/// <summary>Brings up PostgreSQL, then Web and Worker; on stop, takes them down in reverse order.</summary>
internal sealed class Orchestrator(
    IOptions<AppHostOptions> options,
    IOptions<PostgresOptions> postgresOptions,
    IHostApplicationLifetime lifetime,
    ILogger<Orchestrator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IPostgresServer database;
        var dataDirectory = options.Value.ResolveDataDirectory();
        try
        {
            database = await PostgresProvisioner.StartAsync(postgresOptions.Value, dataDirectory, logger, stoppingToken);
        }
        catch (PostgresUnavailableException exception)
        {
            logger.LogCritical("{Message}", exception.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        await using (database)
        {
            logger.LogInformation("{Database}", database.Description);
            var webUrl = $"http://{options.Value.WebBindAddress}:{options.Value.WebPort ?? FreePort.Next()}";
            var workerUrl = $"http://127.0.0.1:{options.Value.WorkerPort ?? FreePort.Next()}";
            var shared = ServiceEnvironment.Shared(database, dataDirectory, webUrl, workerUrl);
            var web = new ServiceProcess(ServiceProject.Web, ServiceEnvironment.For(ServiceProject.Web, shared, webUrl), logger);
            var worker = new ServiceProcess(ServiceProject.Worker, ServiceEnvironment.For(ServiceProject.Worker, shared, workerUrl), logger);

            var running = Task.WhenAll(web.RunAsync(stoppingToken), worker.RunAsync(stoppingToken));
            if (await HealthWaiter.WaitAsync([(web.Name, webUrl), (worker.Name, workerUrl)], logger, stoppingToken))
            {
                await AnnounceAsync(webUrl.Replace("0.0.0.0", "localhost"), database, stoppingToken);
            }
            await running;
        }
    }

    private async Task AnnounceAsync(string webUrl, IPostgresServer database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM users WHERE role = 'Admin'", connection);
        var hasAdmin = (long)(await count.ExecuteScalarAsync(cancellationToken))! > 0;

        Console.Out.WriteLine();
        Console.Out.WriteLine($"Labelit is running: open {webUrl}");
        if (!hasAdmin)
        {
            Console.Out.WriteLine("No admin yet. In another terminal: dotnet run --project src/AppHost -- create-admin --email you@example.com");
        }
        Console.Out.WriteLine("Press Ctrl+C to stop.");
        Console.Out.WriteLine();
    }
}
