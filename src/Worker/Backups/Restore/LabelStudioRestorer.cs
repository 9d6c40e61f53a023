using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Labelit.Worker.LabelStudio;
using Npgsql;

namespace Labelit.Worker.Backups.Restore;

/// <summary>
/// Step 2 of a restore, with Labelit running again: fills each backed-up project's LS project,
/// when it is empty, with the backup's tasks and annotations. A project that already has tasks
/// is never imported into, so running this twice cannot duplicate anything.
/// </summary>
public sealed class LabelStudioRestorer(NpgsqlDataSource dataSource, RunningInstances instances, LabelStudioDataClient client,
    LabelStudioTasks tasks, TextWriter output)
{
    // Well under LS's limits of about 250k tasks / 200 MB per import call.
    private const int MaxTasksPerImport = 1000;
    private const long MaxBytesPerImport = 50L * 1024 * 1024;

    /// <summary>Returns the per-project outcomes; Succeeded is false when any project could not be restored.</summary>
    public async Task<IReadOnlyList<ProjectRestore>> RestoreAsync(BackupFolder backup, TimeSpan instanceWait, CancellationToken cancellationToken)
    {
        var outcomes = new List<ProjectRestore>();
        foreach (var project in backup.Manifest.Projects)
        {
            var outcome = await RestoreProjectAsync(backup, project, instanceWait, cancellationToken);
            output.WriteLine($"{project.Slug}: {outcome.Message}");
            outcomes.Add(outcome);
        }
        return outcomes;
    }

    private async Task<ProjectRestore> RestoreProjectAsync(BackupFolder backup, ProjectBackup project, TimeSpan instanceWait, CancellationToken cancellationToken)
    {
        if (project.Status != ProjectBackupStatus.BackedUp)
            return ProjectRestore.Skipped(project, $"not in this backup ({project.Status}: {project.Reason}); nothing to restore.");
        var slug = await CurrentSlugAsync(project.ProjectId, cancellationToken);
        if (slug != project.Slug)
            return ProjectRestore.Failed(project, slug is null
                ? $"Labelit has no project {project.ProjectId} now (restore the database from the same backup first); nothing imported."
                : $"project {project.ProjectId} is now called {slug}, not {project.Slug}: the database is not the backup's; nothing imported.");

        int imported = 0, importedAnnotations = 0, unattributed = 0;
        try
        {
            var target = await instances.WaitAsync(project.ProjectId, instanceWait, cancellationToken);
            var existing = await client.TaskCountAsync(target, cancellationToken);
            if (existing > 0)
                return ProjectRestore.Skipped(project, $"its Label Studio project already has {existing} tasks; nothing imported " +
                    "(a restore only fills empty projects, so it never duplicates tasks).");

            var idsByEmail = (await client.UsersAsync(target, cancellationToken))
                .ToDictionary(u => u.Value, u => u.Key, StringComparer.OrdinalIgnoreCase);
            var batch = new JsonArray();
            long batchBytes = 0;
            await foreach (var task in RawExportFile.ReadTasksAsync(backup.FileOf(project.File!), cancellationToken))
            {
                var (copy, lostAuthors) = ForImport(task, project, idsByEmail);
                unattributed += lostAuthors;
                batch.Add(copy);
                batchBytes += task.GetRawText().Length;
                if (batch.Count >= MaxTasksPerImport || batchBytes >= MaxBytesPerImport)
                {
                    (imported, importedAnnotations) = Add((imported, importedAnnotations), await ImportAsync(project, target, batch, cancellationToken));
                    batch = [];
                    batchBytes = 0;
                }
            }
            if (batch.Count > 0)
                (imported, importedAnnotations) = Add((imported, importedAnnotations), await ImportAsync(project, target, batch, cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var partly = imported > 0
                ? $" {imported} of {project.TaskCount} tasks were imported before that: delete the LS project's tasks and run restore-label-studio again."
                : " Nothing was imported.";
            var hint = imported == 0 && exception.Message.Contains("did not become ready", StringComparison.Ordinal)
                ? " Is Labelit running? Its Worker starts the instances this step fills." : "";
            return ProjectRestore.Failed(project, exception.Message + hint + partly);
        }

        var message = $"imported {imported} tasks and {importedAnnotations} annotations (the backup holds {project.TaskCount} and {project.AnnotationCount}).";
        if (unattributed > 0)
            message += $" {unattributed} annotations were made by people without an account in this Label Studio now (no longer assigned): " +
                "they belong to Labelit's admin account there.";
        return new ProjectRestore(project.Slug, imported == project.TaskCount && importedAnnotations == project.AnnotationCount ? "restored" : "incomplete",
            imported, importedAnnotations, message);
    }

    private async Task<(int Tasks, int Annotations)> ImportAsync(ProjectBackup project, LabelStudioTarget target, JsonArray batch, CancellationToken cancellationToken)
    {
        await instances.KeepAliveAsync(project.ProjectId, cancellationToken);
        return await tasks.ImportAsync(target, batch, cancellationToken);
    }

    private static (int, int) Add((int Tasks, int Annotations) total, (int Tasks, int Annotations) more) =>
        (total.Tasks + more.Tasks, total.Annotations + more.Annotations);

    /// <summary>
    /// The task as LS imports it: its data, meta and predictions, and its annotations with their
    /// author named by the new instance's id for the email the author had in the old one.
    /// Ids of the old instance (task, annotation, project) are left out.
    /// </summary>
    private static (JsonObject Task, int LostAuthors) ForImport(JsonElement task, ProjectBackup project, IReadOnlyDictionary<string, int> idsByEmail)
    {
        var source = JsonNode.Parse(task.GetRawText())!.AsObject();
        var copy = new JsonObject { ["data"] = source["data"]?.DeepClone() ?? new JsonObject() };
        if (source["meta"] is JsonObject meta && meta.Count > 0)
            copy["meta"] = meta.DeepClone();
        if (source["predictions"] is JsonArray predictions && predictions.Count > 0)
            copy["predictions"] = new JsonArray(predictions.OfType<JsonObject>().Select(p => (JsonNode)Without(p, "id", "task", "project")).ToArray());

        var lost = 0;
        var annotations = new JsonArray();
        foreach (var annotation in (source["annotations"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var imported = Without(annotation, "id", "task", "project", "completed_by", "updated_by", "parent_prediction", "parent_annotation", "last_action");
            var email = AuthorEmail(annotation["completed_by"], project);
            if (email is not null && idsByEmail.TryGetValue(email, out var id))
                imported["completed_by"] = id;
            else
                lost++;
            annotations.Add(imported);
        }
        copy["annotations"] = annotations;
        return (copy, lost);
    }

    private static string? AuthorEmail(JsonNode? completedBy, ProjectBackup project) => completedBy switch
    {
        JsonValue value when value.TryGetValue<int>(out var id) =>
            project.LsUserEmails?.GetValueOrDefault(id.ToString(CultureInfo.InvariantCulture)),
        JsonObject user => user["email"]?.GetValue<string>()
            ?? (user["id"]?.GetValue<int>() is { } id ? project.LsUserEmails?.GetValueOrDefault(id.ToString(CultureInfo.InvariantCulture)) : null),
        _ => null,
    };

    private static JsonObject Without(JsonObject source, params string[] names)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in source)
        {
            if (!names.Contains(name))
                copy[name] = value?.DeepClone();
        }
        return copy;
    }

    private async Task<string?> CurrentSlugAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT slug FROM projects WHERE id = @projectId AND deleted_at IS NULL", new { projectId }, cancellationToken: cancellationToken));
    }
}

/// <summary>What a restore did for one project: restored, skipped (nothing to do or already filled) or failed.</summary>
public sealed record ProjectRestore(string Slug, string Status, int Tasks, int Annotations, string Message)
{
    public static ProjectRestore Skipped(ProjectBackup project, string message) => new(project.Slug, "skipped", 0, 0, message);
    public static ProjectRestore Failed(ProjectBackup project, string message) => new(project.Slug, "failed", 0, 0, message);
}
