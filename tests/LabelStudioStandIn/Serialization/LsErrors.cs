using System.Text.Json.Nodes;

namespace Labelit.LabelStudioStandIn.Serialization;

/// <summary>
/// Error bodies as LS's DRF exception handler writes them: an id, the status code, the LS version,
/// a detail, and for validation errors the per-field messages under "validation_errors".
/// </summary>
public static class LsErrors
{
    public static IResult Api(int statusCode, string detail) =>
        Json(statusCode, Body(statusCode, detail));

    public static IResult NotFound() => Api(StatusCodes.Status404NotFound, "Not found.");

    public static IResult Validation(string field, string message) =>
        Validation(new JsonObject { [field] = new JsonArray(message) });

    public static IResult Validation(JsonObject errors)
    {
        var body = Body(StatusCodes.Status400BadRequest, "Validation error");
        body["validation_errors"] = errors;
        return Json(StatusCodes.Status400BadRequest, body);
    }

    private static JsonObject Body(int statusCode, string detail) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["status_code"] = statusCode,
        ["version"] = VersionInfo.Release,
        ["detail"] = detail,
        ["exc_info"] = null,
    };

    private static IResult Json(int statusCode, JsonNode body) =>
        Results.Text(body.ToJsonString(LsJson.Wire), "application/json", statusCode: statusCode);
}
