namespace Labelit.Web.Storage;

/// <summary>What an admin submits to create or edit a storage connection, from the UI or the API.</summary>
public sealed record StorageConnectionInput
{
    public string? Name { get; init; }
    public string? Kind { get; init; }
    public string? Endpoint { get; init; }
    public string? Region { get; init; }
    public bool ForcePathStyle { get; init; }
    public string? AccessKeyId { get; init; }

    /// <summary>A new secret. When editing, empty keeps the stored one (it is never sent back to be re-submitted).</summary>
    public string? Secret { get; init; }

    /// <summary>When editing: drop the stored secret (e.g. to switch to the default credential chain).</summary>
    public bool RemoveSecret { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }

    /// <summary>"labelit" (default) or "presigned": how browsers get this connection's dataset media.</summary>
    public string? MediaDelivery { get; init; }

    /// <summary>Redacts the secret: inputs end up in exception messages and debug logs.</summary>
    public override string ToString() =>
        $"Name = {Name}, Kind = {Kind}, Endpoint = {Endpoint}, Region = {Region}, ForcePathStyle = {ForcePathStyle}, " +
        $"AccessKeyId = {AccessKeyId}, Secret = {(string.IsNullOrEmpty(Secret) ? "(none)" : "***")}, RemoveSecret = {RemoveSecret}, " +
        $"Options = {{{string.Join(", ", (Options ?? new Dictionary<string, string>()).Select(o => $"{o.Key}={o.Value}"))}}}";
}
