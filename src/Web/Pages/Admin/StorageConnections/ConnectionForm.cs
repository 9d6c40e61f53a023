using Labelit.Web.Storage;

namespace Labelit.Web.Pages.Admin.StorageConnections;

/// <summary>The connection form's fields. Secret is write-only: it is never filled in from the database.</summary>
public sealed class ConnectionForm
{
    public string? Name { get; set; }
    public string? Kind { get; set; }
    public string? Endpoint { get; set; }
    public string? Region { get; set; }
    public bool ForcePathStyle { get; set; }
    public string? AccessKeyId { get; set; }
    public string? Secret { get; set; }
    public bool RemoveSecret { get; set; }
    public string? Options { get; set; }
    public string MediaDelivery { get; set; } = Data.Storage.StorageMedia.ThroughLabelit;
    public int Version { get; set; }

    public static ConnectionForm From(StorageConnection connection) => new()
    {
        Name = connection.Name,
        Kind = connection.Kind,
        Endpoint = connection.Endpoint,
        Region = connection.Region,
        ForcePathStyle = connection.ForcePathStyle,
        AccessKeyId = connection.AccessKeyId,
        Options = StorageOptionsText.Format(connection.Options),
        MediaDelivery = connection.MediaDelivery,
        Version = connection.Version,
    };

    /// <summary>The input for the editor, or null with <paramref name="error"/> when the options text is malformed.</summary>
    public StorageConnectionInput? ToInput(out string error)
    {
        var options = StorageOptionsText.Parse(Options, out error);
        return options is null ? null : new()
        {
            Name = Name, Kind = Kind, Endpoint = Endpoint, Region = Region, ForcePathStyle = ForcePathStyle,
            AccessKeyId = AccessKeyId, Secret = Secret, RemoveSecret = RemoveSecret, Options = options, MediaDelivery = MediaDelivery,
        };
    }

    /// <summary>Redacts the secret, like every type that carries one.</summary>
    public override string ToString() => $"ConnectionForm {Name} ({Kind})";
}
