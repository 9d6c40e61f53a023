using Labelit.Data.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Labelit.Data;

public static class DataExtensions
{
    /// <summary>The connection string name, as an Aspire AppHost would pass it: ConnectionStrings__labelit.</summary>
    public const string ConnectionName = "labelit";

    /// <summary>
    /// Registers the PostgreSQL data source, applies pending migrations before the service starts
    /// serving, and adds a readiness check that the database answers.
    /// </summary>
    public static IHostApplicationBuilder AddLabelitData(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings__{ConnectionName} (the AppHost does this for you: dotnet run --project src/AppHost).");
        }

        // Aspire's client integration: the data source with Npgsql's traces and metrics. Its health
        // check is replaced by ours, which says in words that the database does not answer.
        builder.AddNpgsqlDataSource(ConnectionName, settings => settings.DisableHealthChecks = true);
        // Aspire.Npgsql logs every statement at Information: that is tracing's job (each one is a span).
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        builder.Services.AddSingleton<Datasets.UploadedFiles>();
        builder.Services.AddSingleton<Datasets.LabelImportFiles>();
        builder.Services.AddSingleton(provider => ActivatorUtilities.CreateInstance<Migrator>(
            provider, Migration.FromAssembly(typeof(DataExtensions).Assembly)));
        builder.Services.AddHostedService<MigrateOnStart>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>Hosted services start in order before the server listens, so nothing reads an old schema.</summary>
    private sealed class MigrateOnStart(Migrator migrator) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
