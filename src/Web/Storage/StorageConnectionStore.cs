using System.Text.Json;
using Dapper;
using Npgsql;

namespace Labelit.Web.Storage;

public enum StorageConnectionSave { Saved, NameTaken, Stale, Missing }

/// <summary>
/// Storage connections in PostgreSQL. Secrets go in already encrypted; the records this returns never
/// carry them (<see cref="Labelit.Data.Storage.StorageConnectionReader"/> is the one place that reads one back).
/// </summary>
public sealed class StorageConnectionStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, name, kind, endpoint, region, force_path_style AS ForcePathStyle, access_key_id AS AccessKeyId,
        secret IS NOT NULL AS HasSecret, options::text AS OptionsJson, media_delivery AS MediaDelivery, created_at AS CreatedAt, updated_at AS UpdatedAt, version
        """;

    public async Task<IReadOnlyList<StorageConnection>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Row>($"SELECT {Columns} FROM storage_connections ORDER BY lower(name)")).Select(r => r.ToConnection()).ToList();
    }

    public async Task<StorageConnection?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM storage_connections WHERE id = @id", new { id });
        return row?.ToConnection();
    }

    public async Task<(StorageConnectionSave Outcome, StorageConnection? Created)> CreateAsync(
        StorageConnection values, string? protectedSecret, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long?>("""
            INSERT INTO storage_connections (name, kind, endpoint, region, force_path_style, access_key_id, secret, options, media_delivery)
            VALUES (@Name, @Kind, @Endpoint, @Region, @ForcePathStyle, @AccessKeyId, @protectedSecret, CAST(@options AS jsonb), @MediaDelivery)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, Parameters(values, protectedSecret));
        return id is null ? (StorageConnectionSave.NameTaken, null) : (StorageConnectionSave.Saved, await FindAsync(id.Value, cancellationToken));
    }

    /// <summary>
    /// Saves an edit made on version <paramref name="values"/>.Version. <paramref name="keepSecret"/> leaves the
    /// stored secret as it is; otherwise <paramref name="protectedSecret"/> replaces it (null removes it).
    /// </summary>
    public async Task<StorageConnectionSave> UpdateAsync(
        StorageConnection values, bool keepSecret, string? protectedSecret, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = Parameters(values, protectedSecret);
        parameters.Add("keepSecret", keepSecret);
        try
        {
            var rows = await connection.ExecuteAsync("""
                UPDATE storage_connections SET name = @Name, kind = @Kind, endpoint = @Endpoint, region = @Region,
                    force_path_style = @ForcePathStyle, access_key_id = @AccessKeyId,
                    secret = CASE WHEN @keepSecret THEN secret ELSE @protectedSecret END,
                    options = CAST(@options AS jsonb), media_delivery = @MediaDelivery, updated_at = now(), version = version + 1
                WHERE id = @Id AND version = @Version
                """, parameters);
            return rows == 1 ? StorageConnectionSave.Saved : await MissingOrStaleAsync(connection, values.Id);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return StorageConnectionSave.NameTaken;
        }
    }

    public async Task<StorageConnectionSave> DeleteAsync(long id, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.ExecuteAsync("DELETE FROM storage_connections WHERE id = @id AND version = @version", new { id, version });
        return rows == 1 ? StorageConnectionSave.Saved : await MissingOrStaleAsync(connection, id);
    }

    private static async Task<StorageConnectionSave> MissingOrStaleAsync(NpgsqlConnection connection, long id) =>
        await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM storage_connections WHERE id = @id)", new { id })
            ? StorageConnectionSave.Stale
            : StorageConnectionSave.Missing;

    private static DynamicParameters Parameters(StorageConnection values, string? protectedSecret)
    {
        var parameters = new DynamicParameters(new
        {
            values.Id, values.Name, values.Kind, values.Endpoint, values.Region, values.ForcePathStyle, values.AccessKeyId, values.Version,
            values.MediaDelivery,
        });
        parameters.Add("protectedSecret", protectedSecret);
        parameters.Add("options", JsonSerializer.Serialize(values.Options));
        return parameters;
    }

    private sealed record Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Endpoint { get; init; }
        public string? Region { get; init; }
        public bool ForcePathStyle { get; init; }
        public string? AccessKeyId { get; init; }
        public bool HasSecret { get; init; }
        public string OptionsJson { get; init; } = "{}";
        public string MediaDelivery { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public int Version { get; init; }

        public StorageConnection ToConnection() => new()
        {
            Id = Id, Name = Name, Kind = Kind, Endpoint = Endpoint, Region = Region, ForcePathStyle = ForcePathStyle,
            AccessKeyId = AccessKeyId, HasSecret = HasSecret, MediaDelivery = MediaDelivery, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, Version = Version,
            Options = JsonSerializer.Deserialize<Dictionary<string, string>>(OptionsJson) ?? [],
        };
    }
}
