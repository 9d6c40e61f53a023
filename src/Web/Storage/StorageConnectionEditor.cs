using Labelit.Data.Storage;
using Labelit.Plugins;
using Labelit.Plugins.Hosting;
using Labelit.Web.Accounts;
using Labelit.Web.Audit;

namespace Labelit.Web.Storage;

/// <summary>
/// What admins do to storage connections: validation (ours, then the plugin's), encryption of the
/// secret, and an audit entry that never mentions the secret. UI and API both call it.
/// </summary>
public sealed class StorageConnectionEditor(StorageConnectionStore store, StorageSecrets secrets, StorageConnectionReader reader, StoragePluginRegistry registry, AuditLog audit)
{
    public const int NameMaximumLength = 100;
    public const int FieldMaximumLength = 2000;
    public const string AuditEntityType = "storage-connection";

    /// <summary>Long enough for a slow store to answer a listing, short enough that an admin is not left waiting.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    public async Task<StorageConnectionChange> CreateAsync(CurrentUser actor, StorageConnectionInput input, CancellationToken cancellationToken = default)
    {
        var secret = string.IsNullOrEmpty(input.Secret) ? null : input.Secret;
        var values = Values(input);
        var errors = Validate(input, values, secret);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        var (outcome, created) = await store.CreateAsync(values, secret is null ? null : secrets.Protect(secret), cancellationToken);
        if (outcome == StorageConnectionSave.NameTaken)
        {
            return new(null, NameTaken());
        }
        await audit.WriteAsync(actor.Id, "created", AuditEntityType, created!.Id, $"Created storage connection {created.Name} ({Describe(created)})");
        return new(created, []);
    }

    public async Task<StorageConnectionChange> UpdateAsync(
        CurrentUser actor, StorageConnection existing, StorageConnectionInput input, int version, CancellationToken cancellationToken = default)
    {
        var keepSecret = string.IsNullOrEmpty(input.Secret) && !input.RemoveSecret;
        var secret = keepSecret ? await StoredSecretAsync(existing.Id, cancellationToken)
            : input.RemoveSecret ? null
            : input.Secret;
        var values = Values(input) with { Id = existing.Id, Version = version };
        var errors = Validate(input, values, secret);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        var outcome = await store.UpdateAsync(values, keepSecret, secret is null || keepSecret ? null : secrets.Protect(secret), cancellationToken);
        if (outcome != StorageConnectionSave.Saved)
        {
            return new(null, outcome == StorageConnectionSave.NameTaken ? NameTaken() : new() { [""] = [StorageConnectionChange.StaleMessage] });
        }
        var updated = await store.FindAsync(existing.Id, cancellationToken);
        var secretChange = keepSecret ? "" : input.RemoveSecret ? "; secret removed" : "; secret replaced";
        await audit.WriteAsync(actor.Id, "changed", AuditEntityType, existing.Id,
            $"Changed storage connection {existing.Name}: now {updated!.Name} ({Describe(updated)}){secretChange}");
        return new(updated, []);
    }

    public async Task<StorageConnectionChange> DeleteAsync(CurrentUser actor, StorageConnection existing, int version, CancellationToken cancellationToken = default)
    {
        if (await store.DeleteAsync(existing.Id, version, cancellationToken) != StorageConnectionSave.Saved)
        {
            return new(null, new() { [""] = [StorageConnectionChange.StaleMessage] });
        }
        await audit.WriteAsync(actor.Id, "deleted", AuditEntityType, existing.Id, $"Deleted storage connection {existing.Name} ({Describe(existing)})");
        return new(existing, []);
    }

    /// <summary>
    /// Lists <paramref name="location"/> with the stored settings and says what works or what to fix.
    /// Stores nothing: an admin may try locations freely.
    /// </summary>
    public async Task<ConnectionTestResult> TestAsync(StorageConnection connection, string? location, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return new(StorageFailure.InvalidLocation, $"Enter a location to list, e.g. {ExampleLocation(connection.Kind)}.");
        }
        var settings = Settings(connection, await StoredSecretAsync(connection.Id, cancellationToken));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TestTimeout);
        try
        {
            return await registry.TestConnectionAsync(connection.Kind, settings, location.Trim(), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(StorageFailure.UnreachableEndpoint, $"The store did not answer within {TestTimeout.TotalSeconds:0} seconds. Check the endpoint and that it is reachable from the Labelit server.");
        }
    }

    private string ExampleLocation(string kind) =>
        $"{registry.FindByKind(kind)?.Schemes.FirstOrDefault() ?? kind}://bucket/prefix/";

    private async Task<string?> StoredSecretAsync(long id, CancellationToken cancellationToken) =>
        (await reader.ReadAsync(id, cancellationToken))?.Settings.Secret;

    private static StorageSettings Settings(StorageConnection connection, string? secret) => new()
    {
        Endpoint = connection.Endpoint,
        Region = connection.Region,
        ForcePathStyle = connection.ForcePathStyle,
        AccessKeyId = connection.AccessKeyId,
        Secret = secret,
        Options = connection.Options,
    };

    private static StorageConnection Values(StorageConnectionInput input) => new()
    {
        Name = input.Name?.Trim() ?? "",
        Kind = input.Kind?.Trim().ToLowerInvariant() ?? "",
        Endpoint = Blank(input.Endpoint),
        Region = Blank(input.Region),
        ForcePathStyle = input.ForcePathStyle,
        AccessKeyId = Blank(input.AccessKeyId),
        Options = input.Options ?? new Dictionary<string, string>(),
        MediaDelivery = Data.Storage.StorageMedia.Parse(input.MediaDelivery ?? Data.Storage.StorageMedia.ThroughLabelit) ?? input.MediaDelivery!,
    };

    private Dictionary<string, string[]> Validate(StorageConnectionInput input, StorageConnection values, string? secret)
    {
        var errors = new Dictionary<string, string[]>();
        if (Data.Storage.StorageMedia.Parse(values.MediaDelivery) is null)
        {
            errors[nameof(StorageConnectionInput.MediaDelivery)] = [$"Media delivery must be one of {string.Join(", ", Data.Storage.StorageMedia.All)}."];
        }
        if (values.Name.Length == 0)
        {
            errors[nameof(StorageConnectionInput.Name)] = ["Give the connection a name, e.g. \"Team photos bucket\"."];
        }
        else if (values.Name.Length > NameMaximumLength)
        {
            errors[nameof(StorageConnectionInput.Name)] = [$"The name must have at most {NameMaximumLength} characters."];
        }
        foreach (var (field, value) in new[] { (nameof(input.Endpoint), values.Endpoint), (nameof(input.Region), values.Region), (nameof(input.AccessKeyId), values.AccessKeyId) })
        {
            if (value?.Length > FieldMaximumLength)
            {
                errors[field] = [$"At most {FieldMaximumLength} characters."];
            }
        }
        var plugin = registry.FindByKind(values.Kind);
        if (plugin is null)
        {
            var kinds = string.Join(", ", registry.Kinds.Select(k => k.Kind).DefaultIfEmpty("none (no storage plugin is loaded)"));
            errors[nameof(StorageConnectionInput.Kind)] = [values.Kind.Length == 0
                ? $"Choose a storage kind: {kinds}."
                : $"No loaded storage plugin provides kind '{values.Kind}'. Available kinds: {kinds}."];
        }
        else if (errors.Count == 0)
        {
            // The plugin knows its own fields; its sentences already say what to fix.
            var problems = plugin.Validate(Settings(values, secret));
            if (problems.Count > 0)
            {
                errors[""] = [.. problems];
            }
        }
        return errors;
    }

    private static Dictionary<string, string[]> NameTaken() =>
        new() { [nameof(StorageConnectionInput.Name)] = ["A storage connection with this name already exists."] };

    private static string Describe(StorageConnection connection)
    {
        var parts = new List<string> { $"kind {connection.Kind}" };
        if (connection.Endpoint is not null) parts.Add($"endpoint {connection.Endpoint}");
        if (connection.Region is not null) parts.Add($"region {connection.Region}");
        if (connection.ForcePathStyle) parts.Add("path-style");
        if (connection.AccessKeyId is not null) parts.Add($"access key id {connection.AccessKeyId}");
        if (connection.MediaDelivery != Data.Storage.StorageMedia.ThroughLabelit) parts.Add($"media {connection.MediaDelivery}");
        if (connection.Options.Count > 0) parts.Add($"options {StorageOptionsText.Format(connection.Options).Replace('\n', ' ')}");
        return string.Join(", ", parts);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
