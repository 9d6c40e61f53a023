using Npgsql;

namespace Labelit.Worker.Instances;

/// <summary>
/// A PostgreSQL advisory lock per project, held on its own connection for the length of one
/// operation (start, stop, provision, orphan removal), so no two Workers act on one project at once.
/// </summary>
public sealed class ProjectLocks(NpgsqlDataSource dataSource)
{
    // First key of the two-int advisory lock form: "LS" in ASCII, kept apart from other lock users.
    private const int Namespace = 0x4C53;

    /// <summary>The lock, or null when someone else holds it. Disposing releases it.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(long projectId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@ns, @id)", connection);
            command.Parameters.AddWithValue("ns", Namespace);
            command.Parameters.AddWithValue("id", (int)projectId);
            // Not cancellable: a query cancelled just as the server grants the lock would return the
            // connection to the pool still holding it (a session lock), blocking everyone else, e.g.
            // the Worker stopping its instances at shutdown. The query itself never waits.
            if (await command.ExecuteScalarAsync(CancellationToken.None) is true)
                return new Held(connection, projectId);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class Held(NpgsqlConnection connection, long projectId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@ns, @id)", connection);
                command.Parameters.AddWithValue("ns", Namespace);
                command.Parameters.AddWithValue("id", (int)projectId);
                await command.ExecuteScalarAsync();
            }
            finally
            {
                // Pooled connections keep session locks: unlock explicitly above, then return it.
                await connection.DisposeAsync();
            }
        }
    }
}
