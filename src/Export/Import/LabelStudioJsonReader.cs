using System.Text.Json;
using Labelit.Export.Input;

namespace Labelit.Export.Import;

/// <summary>Reads LS JSON (an array of tasks, as LS exports and imports it) one task at a time.
/// Each task's image or text is its value of the config's data key; its labels are the results of
/// its first annotation that was not cancelled, or else of its first prediction (one set of labels
/// per task, not every annotator's copy). Results keep LS's shape and are checked against the config.</summary>
internal sealed class LabelStudioJsonReader(LabelTarget target, ParsedLabels parsed)
{
    public async Task ReadAsync(ImportFiles files, CancellationToken cancellationToken)
    {
        var json = files.WithExtension(".json").ToList();
        if (json.Count != 1)
            throw new LabelImportException($"An LS JSON import is one .json file (an array of tasks); found {json.Count}. Upload the JSON file on its own.");
        var dataKey = target.Config.DataKeys.Count == 1 ? target.Config.DataKeys[0] : throw new LabelImportException(
            "This project's label config reads several data keys, so its tasks cannot be matched by one file name. Import tasks with their labels instead.");

        await using var stream = json[0].Open();
        var taskNumber = 0;
        try
        {
            await foreach (var task in TaskStreamReader.ReadTasksAsync(stream, cancellationToken))
            {
                taskNumber++;
                ReadTask(task, taskNumber, dataKey);
            }
        }
        catch (ExportException e)
        {
            throw new LabelImportException($"{json[0].Name} cannot be read as LS JSON: {e.Message} Fix the file and upload it again.", e);
        }

        parsed.FilesMentioned = taskNumber;
    }

    private void ReadTask(JsonElement task, int taskNumber, string dataKey)
    {
        var where = $"task #{taskNumber}" + (task.TryGetProperty("id", out var id) ? $" (id {id})" : "");
        if (!task.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty(dataKey, out var value) || value.ValueKind != JsonValueKind.String)
        {
            parsed.Problem(ProblemKind.Malformed, where, $"the task has no data.{dataKey} naming its file");
            return;
        }

        var (results, score) = ChosenResults(task);
        if (results is null)
            return;
        var index = 0;
        foreach (var result in results.Value.EnumerateArray())
        {
            index++;
            if (Check(result) is { } problem)
            {
                parsed.Problem(problem.Kind, $"{where} result #{index}", problem.Message);
                continue;
            }

            parsed.Add(new ImportedLabel(StorageLocation(task) ?? value.GetString()!, LabelShape.LabelStudioResult, result.GetProperty("from_name").GetString()!,
                Score: score, ResultJson: result.GetRawText()));
        }
    }

    /// <summary>
    /// A task Labelit's dataset sync created names its storage object in its meta: another project on the
    /// same files knows its task by it, where the media URL (with the old project's name and object id)
    /// gives only the file name, which two folders may share.
    /// </summary>
    private static string? StorageLocation(JsonElement task) =>
        task.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
        && meta.TryGetProperty("labelit_object_id", out _)
        && meta.TryGetProperty("location", out var location) && location.ValueKind == JsonValueKind.String
            ? location.GetString() : null;

    private static (JsonElement? Results, double? Score) ChosenResults(JsonElement task)
    {
        foreach (var annotation in Items(task, "annotations"))
        {
            var cancelled = annotation.TryGetProperty("was_cancelled", out var c) && c.ValueKind == JsonValueKind.True;
            if (!cancelled && annotation.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Array && result.GetArrayLength() > 0)
                return (result, null);
        }

        foreach (var prediction in Items(task, "predictions"))
        {
            if (prediction.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Array && result.GetArrayLength() > 0)
                return (result, prediction.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null);
        }

        return (null, null);
    }

    private static IEnumerable<JsonElement> Items(JsonElement task, string name) =>
        task.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object)
            : [];

    private (ProblemKind Kind, string Message)? Check(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("from_name", out var from) || from.ValueKind != JsonValueKind.String
            || !result.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String
            || !result.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
            return (ProblemKind.Malformed, "the result needs from_name, type and value");
        if (!target.Config.ControlsByName.TryGetValue(from.GetString()!, out var control))
            return (ProblemKind.Unsupported, $"from_name \"{from.GetString()}\" is not a tag of this project's label config");
        var type = typeElement.GetString()!;
        if (value.TryGetProperty(type, out var labels) && labels.ValueKind == JsonValueKind.Array && control.Labels.Count > 0)
        {
            foreach (var label in labels.EnumerateArray())
            {
                if (label.ValueKind == JsonValueKind.String && !LabelTarget.Knows(control, label.GetString()!))
                    return (ProblemKind.UnknownLabel, $"the label \"{label.GetString()}\" is not in the label config's <{control.Type} name=\"{control.Name}\">");
            }
        }

        if (type is "rectanglelabels" or "rectangle"
            && LabelTarget.BoxProblem(Number(value, "x"), Number(value, "y"), Number(value, "width"), Number(value, "height")) is { } outside)
            return (ProblemKind.OutsideImage, outside);
        return null;
    }

    private static double Number(JsonElement value, string name) =>
        value.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.Number ? n.GetDouble() : double.NaN;
}
