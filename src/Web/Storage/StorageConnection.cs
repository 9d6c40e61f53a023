namespace Labelit.Web.Storage;

/// <summary>
/// A named storage connection as admins see it. The secret is deliberately absent: only
/// <see cref="HasSecret"/> says whether one is stored, so printing or serialising this never leaks it.
/// </summary>
public sealed record StorageConnection
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public string? Endpoint { get; init; }
    public string? Region { get; init; }
    public bool ForcePathStyle { get; init; }
    public string? AccessKeyId { get; init; }
    public bool HasSecret { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>"labelit" (media streamed through Labelit) or "presigned" (a redirect to a short-lived bucket URL).</summary>
    public string MediaDelivery { get; init; } = Data.Storage.StorageMedia.ThroughLabelit;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public int Version { get; init; }
}
