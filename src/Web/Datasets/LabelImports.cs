using System.Text.Json;
using Dapper;
using Labelit.Data.Datasets;
using Labelit.Export.Config;
using Labelit.Export.Import;
using Labelit.Web.Audit;
using Labelit.Web.Projects;
using Npgsql;

namespace Labelit.Web.Datasets;

/// <summary>One label import run as the page and the API show it.</summary>
public sealed record LabelImportRun
{
    public long Id { get; init; }
    public string Format { get; init; } = "";
    public string Mode { get; init; } = "";
    public string? ModelVersion { get; init; }
    public string? Author { get; init; }
    public string FileName { get; init; } = "";
    public string? RequestedBy { get; init; }
    public DateTime RequestedAt { get; init; }
    public string Status { get; init; } = "";
    public DateTime? FinishedAt { get; init; }
    public int LabelsTotal { get; init; }
    public int TasksTotal { get; init; }
    public int TasksWritten { get; init; }
    public ImportSummary? Summary { get; init; }
    public string? Error { get; init; }

    public bool IsActive => Status is "queued" or "running";
}

/// <summary>What the user asked for: the format, and predictions (with a model version) or annotations (with an author).</summary>
public sealed record LabelImportRequest(LabelFormat Format, string Mode, string? ModelVersion, string? Author)
{
    /// <summary>The request from the words a form or query gives, or why it cannot be made.</summary>
    public static LabelImportRequest? From(string? format, string? mode, string? modelVersion, string? author, out string? problem)
    {
        problem = null;
        var parsedFormat = LabelFormatNames.Parse(format);
        var parsedMode = (mode ?? "predictions").Trim().ToLowerInvariant();
        if (parsedFormat is null)
            problem = $"Choose the file's format: JSON (Label Studio), COCO, YOLO, VOC or CSV{(string.IsNullOrWhiteSpace(format) ? "" : $" (\"{format}\" is none of them)")}.";
        else if (parsedMode is not ("predictions" or "annotations"))
            problem = "Import the labels as \"predictions\" (pre-annotations annotators correct) or as \"annotations\".";
        else if (modelVersion?.Length > 200 || author?.Length > 200)
            problem = "The model version and the author have at most 200 characters.";
        return problem is null ? new LabelImportRequest(parsedFormat!.Value, parsedMode, Clean(modelVersion), Clean(author)) : null;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>
/// Checks label files against a project (the dry run: nothing is written) and queues their import,
/// which a Worker runs. The dry run matches against the project's dataset objects that have a task,
/// by the names the Worker gave those tasks.
/// </summary>
public sealed class LabelImports(NpgsqlDataSource dataSource, LabelImportFiles files, AuditLog audit)
{
    static LabelImports() => ImportSummaryColumn.Register();

    /// <summary>The largest label file (or zip) accepted; larger uploads are refused before anything is stored.</summary>
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    public static string SizeLimitText => $"{MaxUploadBytes / (1024 * 1024)} MiB";

    /// <summary>Reads the pending upload and matches it to the project's tasks.</summary>
    /// <exception cref="LabelImportException">The file cannot be read as that format, or the config cannot take its labels.</exception>
    public async Task<ImportSummary> DryRunAsync(Project project, Guid upload, LabelFormat format, CancellationToken cancellationToken)
    {
        var path = LabelImportFiles.FileIn(files.PendingFolder(upload))
            ?? throw new LabelImportException("The uploaded file is no longer on the server: upload it again.");
        LabelConfig config;
        try
        {
            config = LabelConfig.Parse(project.LabelConfig);
        }
        catch (LabelConfigException e)
        {
            throw new LabelImportException($"The project's label config cannot be read ({e.Message}): fix it on the edit page first.", e);
        }

        var parsed = await LabelFileReader.ReadAsync(path, format, LabelTarget.For(config), cancellationToken: cancellationToken);
        var tasks = await TaskIndexAsync(project, cancellationToken);
        return LabelMatcher.Match(parsed, tasks).Summary;
    }

    /// <summary>Stores an upload for its dry run; the token names it until it is imported or dropped.</summary>
    public async Task<Guid> SaveUploadAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        files.DropStalePending(TimeSpan.FromDays(1));
        var token = Guid.NewGuid();
        await files.SavePendingAsync(token, fileName, content, cancellationToken);
        return token;
    }

    public void DropUpload(Guid upload) => LabelImportFiles.Delete(files.PendingFolder(upload));

    /// <summary>Queues the checked upload's import; null when another import of the project is queued or running.</summary>
    public async Task<LabelImportRun?> QueueAsync(Project project, long userId, Guid upload, LabelImportRequest request, ImportSummary summary,
        CancellationToken cancellationToken)
    {
        var path = LabelImportFiles.FileIn(files.PendingFolder(upload))
            ?? throw new LabelImportException("The checked file is no longer on the server (it is kept for a while only): upload it again.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO label_imports (project_id, requested_by, format, mode, model_version, author, file_name, labels_total, tasks_total, summary)
            VALUES (@projectId, @userId, @format, @Mode, @ModelVersion, @Author, @fileName, @LabelsToImport, @TasksToLabel, @summaryJson::jsonb)
            ON CONFLICT DO NOTHING RETURNING id
            """, new
        {
            projectId = project.Id, userId, format = request.Format.Name(), request.Mode, request.ModelVersion, request.Author,
            fileName = Path.GetFileName(path), summary.LabelsToImport, summary.TasksToLabel, summaryJson = JsonSerializer.Serialize(summary),
        }, transaction, cancellationToken: cancellationToken));
        if (id is null)
            return null;
        // The Worker hears the insert when it commits, and finds the file in place by then.
        files.MoveToRun(upload, id.Value);
        await transaction.CommitAsync(cancellationToken);
        await audit.WriteAsync(userId, "imported labels", "project", project.Id,
            $"Queued the import of {summary.LabelsToImport} labels ({request.Format.Name()}, {Path.GetFileName(path)}) into {summary.TasksToLabel} tasks of \"{project.Name}\" as " +
            (request.Mode == "predictions" ? $"predictions of model version \"{request.ModelVersion ?? "imported"}\"" : $"annotations by {request.Author ?? "the imported author"}") +
            (summary.ProblemTotal > 0 ? $"; {summary.ProblemTotal} left out" : ""));
        return await FindAsync(project.Id, id.Value, cancellationToken);
    }

    public async Task<IReadOnlyList<LabelImportRun>> RecentAsync(long projectId, int count, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<LabelImportRun>(new CommandDefinition($"""
            SELECT {Columns} FROM label_imports i LEFT JOIN users u ON u.id = i.requested_by
            WHERE i.project_id = @projectId ORDER BY i.id DESC LIMIT @count
            """, new { projectId, count }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<LabelImportRun?> FindAsync(long projectId, long importId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<LabelImportRun>(new CommandDefinition($"""
            SELECT {Columns} FROM label_imports i LEFT JOIN users u ON u.id = i.requested_by
            WHERE i.project_id = @projectId AND i.id = @importId
            """, new { projectId, importId }, cancellationToken: cancellationToken));
    }

    private const string Columns = """
        i.id AS Id, i.format AS Format, i.mode AS Mode, i.model_version AS ModelVersion, i.author AS Author, i.file_name AS FileName,
        u.display_name AS RequestedBy, i.requested_at AS RequestedAt, i.status AS Status, i.finished_at AS FinishedAt,
        i.labels_total AS LabelsTotal, i.tasks_total AS TasksTotal, i.tasks_written AS TasksWritten, i.summary::text AS Summary, i.error AS Error
        """;

    /// <summary>The project's tasks as the Worker made them from dataset objects: location and media URL.</summary>
    private async Task<TaskIndex> TaskIndexAsync(Project project, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var index = new TaskIndex();
        var objects = await connection.QueryAsync<(long Id, string Location)>(new CommandDefinition(
            "SELECT id, location FROM dataset_objects WHERE project_id = @projectId AND state IN ('imported', 'changed')",
            new { projectId = project.Id }, cancellationToken: cancellationToken, flags: CommandFlags.None));
        foreach (var (id, location) in objects)
            index.Add(new TaskCandidate(id, location, DatasetMediaUrls.For(project.Slug, id, location)));
        return index;
    }
}
