namespace Labelit.Plugins.LocalFolder;

/// <summary>
/// Folders on the server's disk, addressed as <c>file:///absolute/path</c>, and only inside the
/// folders the administrator allowed (<see cref="StorageEnvironment.AllowedLocalRoots"/>). Takes no settings.
/// </summary>
public sealed class LocalFolderStoragePlugin : IStoragePlugin
{
    /// <inheritdoc />
    public string Kind => "local";

    /// <inheritdoc />
    public string DisplayName => "Local folder on the Labelit server";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["file"];

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(StorageSettings settings)
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(settings.Endpoint) || !string.IsNullOrWhiteSpace(settings.AccessKeyId)
            || !string.IsNullOrEmpty(settings.Secret) || !string.IsNullOrWhiteSpace(settings.Region))
        {
            problems.Add("Local folders take no endpoint, region or credentials; leave them empty.");
        }

        problems.AddRange(settings.Options.Keys.Select(key => $"Unknown local folder option '{key}'; local folders have no options."));
        return problems;
    }

    /// <inheritdoc />
    public IStorageBackend CreateBackend(StorageSettings settings, StorageEnvironment environment)
    {
        var problems = Validate(settings);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(settings));
        }

        return new LocalFolderStorageBackend(new AllowedRoots(environment.AllowedLocalRoots));
    }
}
