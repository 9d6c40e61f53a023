using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.LabelConfig;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

/// <summary>
/// GET /api/projects/{id}/export/formats: which formats LS offers for the project's label config
/// (docs/label-studio-contract.md, "Formats by label config"). It says what real LS would offer;
/// the stand-in itself only writes JSON and JSON_MIN (see ExportFormats).
/// </summary>
public static class ExportFormatsApi
{
    private static readonly string[] Always = ["JSON", "JSON_MIN", "CSV", "TSV"];
    private static readonly string[] ImageRegionLabels = ["RectangleLabels", "PolygonLabels", "KeyPointLabels"];

    public static RouteGroupBuilder MapExportFormatsApi(this RouteGroupBuilder api)
    {
        api.MapGet("projects/{id:int}/export/formats", (int id, StandInStore store) =>
        {
            var project = store.Read(s => s.Projects.FirstOrDefault(p => p.Id == id));
            if (project is null)
                return LsErrors.NotFound();
            var (config, _) = LabelConfigParser.Parse(project.LabelConfig);
            var enabled = EnabledFormats(config);
            var all = Always.Concat(["CONLL2003", "COCO", "VOC", "YOLO"]);
            return UsersApi.Json(new JsonArray(all.Select(name => (JsonNode)new JsonObject
            {
                ["name"] = name,
                ["title"] = name,
                ["disabled"] = !enabled.Contains(name),
            }).ToArray()));
        });
        return api;
    }

    public static HashSet<string> EnabledFormats(ParsedLabelConfig? config)
    {
        var formats = new HashSet<string>(Always);
        if (config is null || config.RequiredDataKeys.Count() > 1)
            return formats;
        var objects = config.Objects.Select(o => o.Type).ToHashSet();
        var controls = config.Controls.Select(c => c.Type).ToHashSet();
        if (objects.Contains("Text") && controls.Contains("Labels"))
            formats.Add("CONLL2003");
        if (objects.Contains("Image") && controls.Overlaps(ImageRegionLabels))
        {
            formats.Add("COCO");
            formats.Add("YOLO");
        }
        if (objects.Contains("Image") && controls.Contains("RectangleLabels"))
            formats.Add("VOC");
        return formats;
    }
}
