using System.Text.Json.Serialization;

namespace Labelit.Plugins.Gcs;

/// <summary>The parts of the JSON API's objects.list answer the plugin reads.</summary>
internal sealed record ObjectsPage(List<GcsObject>? Items, string? NextPageToken);

/// <summary>An object resource; the API sends sizes and generations as strings.</summary>
internal sealed record GcsObject(string Name, string? Size, string? Generation, DateTimeOffset? Updated);

/// <summary>The metadata part of a multipart upload.</summary>
internal sealed record GcsObjectMetadata(string Name, string? ContentType);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ObjectsPage))]
[JsonSerializable(typeof(GcsObjectMetadata))]
internal sealed partial class GcsJson : JsonSerializerContext;
