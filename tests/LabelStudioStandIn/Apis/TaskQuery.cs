using System.Globalization;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

/// <summary>
/// The Data Manager's <c>?query=</c> on <c>GET /api/tasks/</c>: <c>{"filters": {"conjunction", "items":
/// [{"filter", "operator", "type", "value"}]}, "ordering": ["-tasks:updated_at"]}</c> (LS's
/// data_manager/functions.py get_prepare_params and managers.py apply_filters). The stand-in implements
/// the task columns clients read incrementally (Datetime <c>updated_at</c> and <c>created_at</c>, Number <c>id</c>, also as an "in" range); any
/// other filter is refused with a 400 that names it, so a test can never pass on a filter ignored.
/// </summary>
public sealed record TaskQuery(Func<TaskRecord, bool> Matches, Func<IEnumerable<TaskRecord>, IEnumerable<TaskRecord>> Order)
{
    // LS parses Datetime filter values with strptime('%Y-%m-%dT%H:%M:%S.%fZ'): anything else is a server error there.
    private const string DatetimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'";

    public static readonly TaskQuery All = new(_ => true, tasks => tasks.OrderBy(t => t.Id));

    public static (TaskQuery Query, IResult? Error) Read(HttpRequest request)
    {
        var text = request.Query["query"].ToString();
        if (text.Length == 0)
            return (All, null);
        JsonObject? query;
        try
        {
            query = JsonNode.Parse(Uri.UnescapeDataString(text)) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            query = null;
        }
        if (query is null)
            return (All, LsErrors.Api(StatusCodes.Status400BadRequest, "query must be a JSON object."));

        var conditions = new List<Func<TaskRecord, bool>>();
        var conjunction = query["filters"]?["conjunction"]?.GetValue<string>() ?? "and";
        foreach (var item in query["filters"]?["items"] as JsonArray ?? [])
        {
            var (condition, error) = Condition(item as JsonObject);
            if (error is not null)
                return (All, error);
            conditions.Add(condition!);
        }
        Func<TaskRecord, bool> matches = conditions.Count == 0 ? _ => true
            : conjunction == "or" ? t => conditions.Any(c => c(t)) : t => conditions.All(c => c(t));

        var ordering = (query["ordering"] as JsonArray ?? []).Select(o => o?.GetValue<string>() ?? "").FirstOrDefault();
        Func<IEnumerable<TaskRecord>, IEnumerable<TaskRecord>> order;
        switch (ordering?.Replace("tasks:", "", StringComparison.Ordinal))
        {
            case null or "" or "id": order = tasks => tasks.OrderBy(t => t.Id); break;
            case "-id": order = tasks => tasks.OrderByDescending(t => t.Id); break;
            case "updated_at": order = tasks => tasks.OrderBy(t => t.UpdatedAt).ThenBy(t => t.Id); break;
            case "-updated_at": order = tasks => tasks.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id); break;
            case "created_at": order = tasks => tasks.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id); break;
            default: return (All, Unsupported($"ordering {ordering}"));
        }
        return (new TaskQuery(matches, order), null);
    }

    private static (Func<TaskRecord, bool>? Condition, IResult? Error) Condition(JsonObject? item)
    {
        var field = item?["filter"]?.GetValue<string>() ?? "";
        var op = item?["operator"]?.GetValue<string>() ?? "";
        if (field == "filter:tasks:id")
            return NumberCondition(item!, op);
        Func<TaskRecord, DateTimeOffset>? column = field switch
        {
            "filter:tasks:updated_at" => t => t.UpdatedAt,
            "filter:tasks:created_at" => t => t.CreatedAt,
            _ => null,
        };
        if (column is null || item?["type"]?.GetValue<string>() != "Datetime")
            return (null, Unsupported($"filter {field}"));
        if (item["value"]?.GetValue<string>() is not { } text
            || !DateTime.TryParseExact(text, DatetimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            return (null, LsErrors.Api(StatusCodes.Status500InternalServerError,
                $"time data '{item["value"]}' does not match format '%Y-%m-%dT%H:%M:%S.%fZ'"));
        var value = new DateTimeOffset(parsed, TimeSpan.Zero);
        Func<TaskRecord, bool>? condition = op switch
        {
            "greater" => t => column(t) > value,
            "greater_or_equal" => t => column(t) >= value,
            "less" => t => column(t) < value,
            "less_or_equal" => t => column(t) <= value,
            _ => null,
        };
        return condition is null ? (null, Unsupported($"operator {op}")) : (condition, null);
    }

    private static (Func<TaskRecord, bool>? Condition, IResult? Error) NumberCondition(JsonObject item, string op)
    {
        // "in": LS's range operator, value {"min", "max"}, both ends included (managers.py apply_filters: __gte and __lte).
        if (op == "in" && item["type"]?.GetValue<string>() == "Number" && item["value"] is JsonObject range
            && range["min"] is JsonValue minJson && minJson.TryGetValue<double>(out var min)
            && range["max"] is JsonValue maxJson && maxJson.TryGetValue<double>(out var max))
            return (t => t.Id >= min && t.Id <= max, null);
        if (item["type"]?.GetValue<string>() != "Number" || item["value"] is not JsonValue json || !json.TryGetValue<double>(out var value))
            return (null, Unsupported($"filter {item["filter"]} of type {item["type"]} with value {item["value"]}"));
        Func<TaskRecord, bool>? condition = op switch
        {
            "greater" => t => t.Id > value,
            "greater_or_equal" => t => t.Id >= value,
            "less" => t => t.Id < value,
            "less_or_equal" => t => t.Id <= value,
            "equal" => t => t.Id == value,
            _ => null,
        };
        return condition is null ? (null, Unsupported($"operator {op}")) : (condition, null);
    }

    private static IResult Unsupported(string what) =>
        LsErrors.Api(StatusCodes.Status400BadRequest, $"The LS stand-in does not implement the Data Manager {what}.");
}
