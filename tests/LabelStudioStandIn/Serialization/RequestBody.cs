using System.Text.Json;
using System.Text.Json.Nodes;

namespace Labelit.LabelStudioStandIn.Serialization;

/// <summary>Reads an API request body the way DRF's JSON and form parsers do.</summary>
public static class RequestBody
{
    public static async Task<(JsonNode? Body, IResult? Error)> ReadAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var fields = new JsonObject();
            foreach (var (key, value) in form)
                fields[key] = value.ToString();
            return (fields, null);
        }
        if (request.ContentLength == 0)
            return (null, null); // DRF parses no body as no data
        try
        {
            var node = await JsonNode.ParseAsync(request.Body);
            return (node, null);
        }
        catch (JsonException e)
        {
            return (null, LsErrors.Api(StatusCodes.Status400BadRequest, $"JSON parse error - {e.Message}"));
        }
    }

    public static async Task<(JsonObject Body, IResult? Error)> ReadObjectAsync(HttpRequest request)
    {
        var (body, error) = await ReadAsync(request);
        if (error is not null)
            return ([], error);
        return body switch
        {
            null => ([], null),
            JsonObject obj => (obj, null),
            _ => ([], LsErrors.Validation("non_field_errors", "Invalid data. Expected a dictionary.")),
        };
    }

    public static string? String(this JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : body[name]?.ToString();

    public static bool? Bool(this JsonObject body, string name) => body[name] switch
    {
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<string>(out var text) => text is "true" or "True" or "1",
        _ => null,
    };

    public static double? Number(this JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
}
