namespace Labelit.Plugins;

/// <summary>
/// Where an object or a prefix lives: <c>scheme://bucket/key</c>, e.g. <c>s3://photos/2024/cat.jpg</c>,
/// <c>gs://photos/2024/</c> or <c>file:///srv/data/cat.jpg</c> (empty bucket, key <c>srv/data/cat.jpg</c>).
/// The key is taken literally (no percent-decoding), as object stores allow almost any character.
/// </summary>
/// <param name="Scheme">Lower-case URI scheme without <c>://</c>, which picks the backend.</param>
/// <param name="Bucket">Bucket or container name; empty for schemes that have none (<c>file</c>).</param>
/// <param name="Key">Object key or prefix inside the bucket, without a leading slash.</param>
public sealed record StoragePath(string Scheme, string Bucket, string Key)
{
    private const string Separator = "://";

    /// <summary>Parses <paramref name="value"/>; throws <see cref="StorageException"/> with a clear message when it is not a storage URI.</summary>
    public static StoragePath Parse(string value) =>
        TryParse(value, out var path, out var error)
            ? path
            : throw new StorageException(StorageFailure.InvalidLocation, error);

    /// <summary>Parses <paramref name="value"/>, or explains in <paramref name="error"/> why it is not a storage URI.</summary>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoragePath? path, out string error)
    {
        path = null;
        var separatorAt = value?.IndexOf(Separator, StringComparison.Ordinal) ?? -1;
        if (value is null || separatorAt <= 0)
        {
            error = $"'{value}' is not a storage URI: expected scheme://bucket/path, for example s3://my-bucket/images/.";
            return false;
        }

        var scheme = value[..separatorAt];
        if (!char.IsAsciiLetter(scheme[0]) || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            error = $"'{value}' is not a storage URI: '{scheme}' is not a valid scheme.";
            return false;
        }

        var rest = value[(separatorAt + Separator.Length)..];
        if (rest.Any(char.IsControl))
        {
            error = $"'{value}' is not a storage URI: it contains control characters.";
            return false;
        }

        var slashAt = rest.IndexOf('/');
        var bucket = slashAt < 0 ? rest : rest[..slashAt];
        var key = slashAt < 0 ? "" : rest[(slashAt + 1)..];
        path = new StoragePath(scheme.ToLowerInvariant(), bucket, key);
        error = "";
        return true;
    }

    /// <summary>The same bucket with another key.</summary>
    public StoragePath WithKey(string key) => this with { Key = key };

    /// <summary>The URI form, <c>scheme://bucket/key</c>.</summary>
    public override string ToString() => $"{Scheme}{Separator}{Bucket}/{Key}";
}
