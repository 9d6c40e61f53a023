namespace Labelit.AppHost.Postgres;

/// <summary>A running PostgreSQL the AppHost provisioned (or found already running).</summary>
public interface IPostgresServer : IAsyncDisposable
{
    /// <summary>Connection string to the Labelit database, with credentials.</summary>
    string ConnectionString { get; }

    /// <summary>A short description for the console, without secrets.</summary>
    string Description { get; }
}

/// <summary>Neither a container engine nor PostgreSQL server binaries are available.</summary>
public sealed class PostgresUnavailableException(string message) : Exception(message);
