using System.Text.Json;
using System.Text.RegularExpressions;
using Labelit.Data;
using Labelit.Worker.LabelStudio;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Labelit.Worker.Backups;

/// <summary>
/// One backup: the Labelit database (pg_dump) and each Active project's raw LS JSON, with a
/// manifest, written as a folder that appears complete or not at all. Callable from a scheduled job.
/// </summary>
public sealed partial class BackupRunner(
    IConfiguration configuration,
    IOptions<BackupOptions> options,
    BackupRuns runs,
    RunningInstances instances,
    LabelStudioDataClient client,
    TimeProvider clock,
    ILogger<BackupRunner> logger)
{
    public const string DatabaseFile = "labelit.dump";

    public string Root => options.Value.ResolveDirectory(configuration["Labelit:DataDirectory"]);

    public async Task<BackupResult> RunAsync(CancellationToken cancellationToken)
    {
        var runId = await runs.StartAsync(cancellationToken);
        using var activity = WorkerActivities.StartRun("backup", runId);
        string? incomplete = null;
        try
        {
            var root = Root;
            BackupFolders.RemoveAbandoned(root, olderThan: TimeSpan.FromHours(1));
            var createdAt = clock.GetUtcNow();
            var stamp = BackupFolders.Stamp(createdAt);
            incomplete = BackupFolders.CreateIncomplete(root, stamp);
            logger.LogInformation("Backup {RunId} started in {Folder}", runId, incomplete);

            var schemaVersion = await runs.SchemaVersionAsync(cancellationToken);
            await new PostgresTools(options.Value.PgDumpPath).DumpAsync(ConnectionString, Path.Combine(incomplete, DatabaseFile), cancellationToken);
            var database = await RawExportFile.DescribeAsync(incomplete, DatabaseFile, cancellationToken);

            var projects = new List<ProjectBackup>();
            foreach (var project in await runs.ProjectsAsync(cancellationToken))
                projects.Add(await BackUpProjectAsync(project, incomplete, cancellationToken));

            var manifest = new BackupManifest { CreatedAt = createdAt, SchemaVersion = schemaVersion, Database = database, Projects = projects };
            await WriteManifestAsync(incomplete, manifest, cancellationToken);
            var folder = BackupFolders.Complete(incomplete, root, stamp);
            incomplete = null;

            var failed = projects.Where(p => p.Status == ProjectBackupStatus.Failed).ToList();
            var status = failed.Count == 0 ? "succeeded" : "partial";
            var error = failed.Count == 0 ? null : string.Join("\n", failed.Select(p => $"{p.Slug}: {p.Reason}"));
            await runs.FinishAsync(runId, status, folder, error);
            Prune(root);
            logger.LogInformation("Backup {RunId} {Status}: {Folder}, {Projects} projects, {Failed} failed",
                runId, status, folder, projects.Count, failed.Count);
            return new BackupResult(runId, status, folder, manifest);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await TryFinishAsync(runId, "cancelled", "The run was stopped before it finished; it wrote no backup.");
            logger.LogWarning("Backup {RunId} cancelled; no backup was written", runId);
            throw;
        }
        catch (Exception exception)
        {
            await TryFinishAsync(runId, "failed", exception.Message);
            logger.LogError(exception, "Backup {RunId} failed; no backup was written", runId);
            throw;
        }
        finally
        {
            if (incomplete is not null)
                BackupFolders.TryDelete(incomplete);
        }
    }

    // The run's own failure matters more than failing to record it (e.g. the database went away).
    private async Task TryFinishAsync(long runId, string status, string error)
    {
        try
        {
            await runs.FinishAsync(runId, status, null, error);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning("Could not record backup {RunId} as {Status}: {Reason}", runId, status, exception.Message);
        }
    }

    // The new backup is complete and recorded; failing to delete an old one must not turn it into a failure.
    private void Prune(string root)
    {
        try
        {
            foreach (var pruned in BackupFolders.Prune(root, options.Value.Keep))
                logger.LogInformation("Deleted old backup {Folder} (Backups:Keep = {Keep})", pruned, options.Value.Keep);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not delete old backups in {Root}: {Reason}", root, exception.Message);
        }
    }

    private string ConnectionString => configuration.GetConnectionString(DataExtensions.ConnectionName)
        ?? throw new InvalidOperationException($"No database configured: set ConnectionStrings__{DataExtensions.ConnectionName}.");

    private async Task<ProjectBackup> BackUpProjectAsync(BackedUpProject project, string folder, CancellationToken cancellationToken)
    {
        if (project.Status != "Active")
        {
            return new ProjectBackup
            {
                ProjectId = project.Id, Slug = project.Slug, Status = ProjectBackupStatus.Skipped,
                Reason = $"The project is {project.Status}, so no Label Studio runs for it; set it Active during a backup to include its tasks.",
            };
        }
        var relativePath = $"projects/{FileNameFor(project)}.json";
        var path = Path.Combine(folder, relativePath);
        try
        {
            var target = await instances.WaitAsync(project.Id, options.Value.InstanceWaitTimeout, cancellationToken);
            await instances.KeepAliveAsync(project.Id, cancellationToken);
            var users = await client.UsersAsync(target, cancellationToken);
            await client.DownloadRawExportAsync(target, path, cancellationToken);
            await instances.KeepAliveAsync(project.Id, cancellationToken);
            var (tasks, annotations) = await RawExportFile.CountAsync(path, cancellationToken);
            return new ProjectBackup
            {
                ProjectId = project.Id, Slug = project.Slug, Status = ProjectBackupStatus.BackedUp,
                File = await RawExportFile.DescribeAsync(folder, relativePath, cancellationToken),
                TaskCount = tasks, AnnotationCount = annotations,
                LsUserEmails = users.ToDictionary(u => u.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), u => u.Value),
            };
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            File.Delete(path);
            logger.LogWarning("Backup of project {Slug} failed: {Reason}", project.Slug, exception.Message);
            return new ProjectBackup
            {
                ProjectId = project.Id, Slug = project.Slug, Status = ProjectBackupStatus.Failed,
                Reason = exception is JsonException ? $"LS's export is not a whole JSON array of tasks: {exception.Message}" : exception.Message,
            };
        }
    }

    private static async Task WriteManifestAsync(string folder, BackupManifest manifest, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(Path.Combine(folder, BackupManifest.FileName), FileMode.CreateNew, FileAccess.Write);
        await JsonSerializer.SerializeAsync(stream, manifest, BackupManifest.Json, cancellationToken);
        stream.Flush(flushToDisk: true);
    }

    // Slugs are URL names; anything else (an old or hand-edited row) must not escape the folder.
    private static string FileNameFor(BackedUpProject project) =>
        SafeSlug().IsMatch(project.Slug) ? project.Slug : $"project-{project.Id}";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex SafeSlug();
}
