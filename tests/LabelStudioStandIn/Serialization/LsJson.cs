using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Serialization;

/// <summary>Shapes stored records the way LS's serializers shape them in API answers and exports.</summary>
public static class LsJson
{
    /// <summary>Like Python's json module, the stand-in writes &lt;, &gt; and quotes as they are.</summary>
    public static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) ?? "";

    public static JsonObject User(UserRecord user, int? organizationId) => new()
    {
        ["id"] = user.Id,
        ["first_name"] = user.FirstName,
        ["last_name"] = user.LastName,
        ["username"] = user.Username,
        ["email"] = user.Email,
        ["last_activity"] = Time(user.LastActivity ?? user.DateJoined),
        ["avatar"] = null,
        ["initials"] = Initials(user),
        ["phone"] = "",
        ["active_organization"] = organizationId,
        ["allow_newsletters"] = false,
        ["date_joined"] = Time(user.DateJoined),
    };

    public static JsonObject Project(ProjectRecord project, StoredState state)
    {
        var tasks = state.Tasks.Where(t => t.ProjectId == project.Id).Select(t => t.Id).ToHashSet();
        var annotations = state.Annotations.Where(a => tasks.Contains(a.TaskId)).ToList();
        var creator = state.Users.FirstOrDefault(u => u.Id == project.CreatedBy);
        var finished = annotations.Where(a => !a.WasCancelled).Select(a => a.TaskId).Distinct().Count();
        return new JsonObject
        {
            ["id"] = project.Id,
            ["title"] = project.Title,
            ["description"] = project.Description,
            ["label_config"] = project.LabelConfig,
            ["parsed_label_config"] = ParsedLabelConfig(project.LabelConfig),
            ["expert_instruction"] = project.ExpertInstruction,
            ["show_instruction"] = false,
            ["show_skip_button"] = project.ShowSkipButton,
            ["enable_empty_annotation"] = true,
            ["show_annotation_history"] = false,
            ["organization"] = state.Organization?.Id,
            ["color"] = project.Color,
            ["maximum_annotations"] = project.MaximumAnnotations,
            ["is_published"] = project.IsPublished,
            ["model_version"] = "",
            ["is_draft"] = false,
            ["created_by"] = creator is null ? null : new JsonObject
            {
                ["id"] = creator.Id,
                ["first_name"] = creator.FirstName,
                ["last_name"] = creator.LastName,
                ["email"] = creator.Email,
                ["avatar"] = null,
            },
            ["created_at"] = Time(project.CreatedAt),
            ["min_annotations_to_start_training"] = 0,
            ["start_training_on_annotation_update"] = false,
            ["show_collab_predictions"] = true,
            ["num_tasks_with_annotations"] = finished,
            ["task_number"] = tasks.Count,
            ["useful_annotation_number"] = annotations.Count(a => !a.WasCancelled),
            ["ground_truth_number"] = annotations.Count(a => a.GroundTruth),
            ["skipped_annotations_number"] = annotations.Count(a => a.WasCancelled),
            ["total_annotations_number"] = annotations.Count(a => !a.WasCancelled),
            ["total_predictions_number"] = state.Tasks.Where(t => t.ProjectId == project.Id).Sum(t => t.Predictions.Count),
            ["sampling"] = project.Sampling,
            ["show_ground_truth_first"] = false,
            ["show_overlap_first"] = false,
            ["overlap_cohort_percentage"] = 100,
            ["task_data_login"] = null,
            ["task_data_password"] = null,
            ["control_weights"] = new JsonObject(),
            ["evaluate_predictions_automatically"] = false,
            ["config_has_control_tags"] = project.LabelConfig.Contains("toName=", StringComparison.Ordinal),
            ["skip_queue"] = "REQUEUE_FOR_OTHERS",
            ["reveal_preannotations_interactively"] = false,
            ["pinned_at"] = null,
            ["finished_task_number"] = finished,
            ["queue_total"] = tasks.Count,
            ["queue_done"] = finished,
        };
    }

    public static JsonObject Annotation(AnnotationRecord annotation, StoredState state)
    {
        var author = state.Users.FirstOrDefault(u => u.Id == annotation.CompletedBy);
        return new JsonObject
        {
            ["id"] = annotation.Id,
            ["result"] = annotation.Result.DeepClone(),
            ["created_username"] = author is null ? "" : CreatedUsername(author),
            ["created_ago"] = "0 minutes",
            ["completed_by"] = annotation.CompletedBy,
            ["was_cancelled"] = annotation.WasCancelled,
            ["ground_truth"] = annotation.GroundTruth,
            ["created_at"] = Time(annotation.CreatedAt),
            ["updated_at"] = Time(annotation.UpdatedAt),
            ["draft_created_at"] = null,
            ["lead_time"] = annotation.LeadTime,
            ["import_id"] = null,
            ["last_action"] = null,
            ["task"] = annotation.TaskId,
            ["project"] = annotation.ProjectId,
            ["updated_by"] = annotation.UpdatedBy ?? annotation.CompletedBy,
            ["parent_prediction"] = null,
            ["parent_annotation"] = null,
            ["last_created_by"] = null,
        };
    }

    /// <summary>
    /// A task as the task APIs give it. Annotations and predictions are only inlined when asked
    /// (LS's data manager serializer leaves them out of /api/tasks/ unless fields=all).
    /// </summary>
    public static JsonObject Task(TaskRecord task, StoredState state, bool withAnnotations,
        ILookup<int, AnnotationRecord>? annotationsByTask = null)
    {
        var annotations = (annotationsByTask?[task.Id] ?? state.Annotations.Where(a => a.TaskId == task.Id))
            .OrderBy(a => a.Id).ToList();
        var json = new JsonObject
        {
            ["id"] = task.Id,
            ["data"] = task.Data.DeepClone(),
            ["meta"] = task.Meta.DeepClone(),
            ["created_at"] = Time(task.CreatedAt),
            ["updated_at"] = Time(task.UpdatedAt),
            ["is_labeled"] = annotations.Any(a => !a.WasCancelled),
            ["overlap"] = 1,
            ["inner_id"] = task.InnerId,
            ["total_annotations"] = annotations.Count(a => !a.WasCancelled),
            ["cancelled_annotations"] = annotations.Count(a => a.WasCancelled),
            ["total_predictions"] = task.Predictions.Count,
            ["comment_count"] = 0,
            ["unresolved_comment_count"] = 0,
            ["last_comment_updated_at"] = null,
            ["project"] = task.ProjectId,
            ["updated_by"] = new JsonArray(),
            ["file_upload"] = null,
            ["comment_authors"] = new JsonArray(),
        };
        if (withAnnotations)
        {
            json["annotations"] = new JsonArray(annotations.Select(a => (JsonNode)Annotation(a, state)).ToArray());
            json["predictions"] = task.Predictions.DeepClone();
            json["drafts"] = new JsonArray();
        }
        return json;
    }

    /// <summary>
    /// The raw JSON export shape of one task (docs/label-studio-contract.md, "Export"). As a real LS
    /// 1.8.2 exports it: no file_upload on the task, and annotations name their author by
    /// completed_by only (no created_username or created_ago, which the annotation API adds).
    /// </summary>
    public static JsonObject ExportedTask(TaskRecord task, StoredState state, ILookup<int, AnnotationRecord> annotationsByTask)
    {
        var json = Task(task, state, withAnnotations: true, annotationsByTask);
        json.Remove("is_labeled");
        json.Remove("overlap");
        json.Remove("file_upload");
        foreach (var annotation in json["annotations"]!.AsArray().Cast<JsonObject>())
        {
            annotation.Remove("created_username");
            annotation.Remove("created_ago");
        }
        return json;
    }

    /// <summary>Annotations grouped by task once, so listing or exporting many tasks stays linear.</summary>
    public static ILookup<int, AnnotationRecord> AnnotationsByTask(StoredState state) =>
        state.Annotations.ToLookup(a => a.TaskId);

    // LS: the first name, then " " + the last name when there is one, then " <email>, <id>".
    public static string CreatedUsername(UserRecord user) =>
        (user.LastName.Length > 0 ? $"{user.FirstName} {user.LastName}" : user.FirstName) + $" {user.Email}, {user.Id}";

    /// <summary>LS's parse_config: per control tag, its type, targets, the data it reads and its labels.</summary>
    public static JsonObject ParsedLabelConfig(string labelConfig)
    {
        var (config, _) = LabelConfig.LabelConfigParser.Parse(labelConfig);
        var parsed = new JsonObject();
        foreach (var control in config?.Controls ?? [])
        {
            var targets = control.ToName.Split(',');
            parsed[control.Name] = new JsonObject
            {
                ["type"] = control.Type,
                ["to_name"] = new JsonArray(targets.Select(t => (JsonNode)t).ToArray()),
                ["inputs"] = new JsonArray(config!.Objects.Where(o => targets.Contains(o.Name))
                    .Select(o => (JsonNode)new JsonObject { ["type"] = o.Type, ["value"] = o.DataKey }).ToArray()),
                ["labels"] = new JsonArray(control.Options.Select(o => (JsonNode)o).ToArray()),
                ["labels_attrs"] = new JsonObject(control.Options.Distinct()
                    .Select(o => KeyValuePair.Create(o, (JsonNode?)new JsonObject { ["value"] = o }))),
            };
        }
        return parsed;
    }

    private static string Initials(UserRecord user)
    {
        if (user.FirstName.Length > 0 && user.LastName.Length > 0)
            return $"{user.FirstName[0]}{user.LastName[0]}".ToLowerInvariant();
        var name = user.Username.Length > 0 ? user.Username : user.Email;
        return name[..Math.Min(2, name.Length)].ToLowerInvariant();
    }
}
