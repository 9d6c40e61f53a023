using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Serialization;

namespace Labelit.LabelStudioStandIn.Apis;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // LS serves its health answer as text/html, not application/json.
        app.MapGet("health/", () => Results.Text("{\"status\": \"UP\"}", "text/html; charset=utf-8"));
        app.MapGet("api/version/", Version);
        app.MapGet("version/", Version);
        return app;
    }

    private static IResult Version() => Results.Text(new JsonObject
    {
        ["release"] = VersionInfo.Release,
        ["label-studio-os-package"] = new JsonObject { ["version"] = VersionInfo.Release },
        ["label-studio-os-backend"] = new JsonObject { ["message"] = "Labelit's Label Studio stand-in" },
        ["edition"] = "Community",
        ["standin"] = true,
    }.ToJsonString(LsJson.Wire), "application/json");
}
