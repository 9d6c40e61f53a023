namespace Labelit.Plugins;

/// <summary>One object found by <see cref="IStorageBackend.ListAsync"/>.</summary>
/// <param name="Path">Full location, usable with the backend's other methods.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ETag">A value that changes whenever the content changes (S3 ETag, GCS generation, ...); null when the backend has none.</param>
/// <param name="LastModified">Last modification time, when the backend reports one.</param>
public sealed record StorageObject(StoragePath Path, long Size, string? ETag, DateTimeOffset? LastModified);
