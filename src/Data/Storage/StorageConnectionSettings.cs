using System.Text.Json;
using Dapper;
using Labelit.Plugins;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Labelit.Data.Storage;

/// <summary>What the code that reads or writes a store needs from a storage connection.</summary>
/// <param name="MediaDelivery">How browsers get this connection's media: <see cref="StorageMedia.ThroughLabelit"/> or <see cref="StorageMedia.Presigned"/>.</param>
/// <param name="Version">Grows with every edit of the connection.</param>
public sealed record StorageConnectionSettings(long Id, string Name, string Kind, StorageSettings Settings, string MediaDelivery, int Version);

/// <summary>How a connection's media reach the browser (column storage_connections.media_delivery).</summary>
public static class StorageMedia
{
    /// <summary>Labelit streams each object after checking the user may see the project: works with no CORS and no browser reachability.</summary>
    public const string ThroughLabelit = "labelit";

    /// <summary>Labelit checks access, then redirects to a short-lived presigned URL: less load on Labelit, needs a bucket the browser can reach.</summary>
    public const string Presigned = "presigned";

    public static readonly IReadOnlyList<string> All = [ThroughLabelit, Presigned];

    /// <summary>The known value <paramref name="value"/> names (case-insensitive), or null.</summary>
    public static string? Parse(string? value) =>
        All.FirstOrDefault(known => string.Equals(known, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Reads a storage connection with its secret decrypted (purpose <see cref="SecretPurpose"/>, the
/// key ring Web and Worker share). For code that talks to the store; never for display or logs.
/// </summary>
public sealed class StorageConnectionReader(NpgsqlDataSource dataSource, IDataProtectionProvider protection)
{
    public const string SecretPurpose = "Labelit.Storage.Secrets";

    private readonly IDataProtector _protector = protection.CreateProtector(SecretPurpose);

    public async Task<StorageConnectionSettings?> ReadAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT id, name, kind, endpoint, region, force_path_style AS ForcePathStyle, access_key_id AS AccessKeyId,
                   secret, options::text AS OptionsJson, media_delivery AS MediaDelivery, version
            FROM storage_connections WHERE id = @id
            """, new { id }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }
        var options = JsonSerializer.Deserialize<Dictionary<string, string>>(row.OptionsJson) ?? [];
        var settings = new StorageSettings
        {
            Endpoint = row.Endpoint,
            Region = row.Region,
            ForcePathStyle = row.ForcePathStyle,
            AccessKeyId = row.AccessKeyId,
            Secret = row.Secret is null ? null : _protector.Unprotect(row.Secret),
            Options = options,
        };
        return new StorageConnectionSettings(row.Id, row.Name, row.Kind, settings, row.MediaDelivery, row.Version);
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
        public string? Secret { get; init; }
        public string OptionsJson { get; init; } = "{}";
        public string MediaDelivery { get; init; } = StorageMedia.ThroughLabelit;
        public int Version { get; init; }
    }
}
