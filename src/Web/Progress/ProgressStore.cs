using Dapper;
using Npgsql;

namespace Labelit.Web.Progress;

/// <summary>Progress as the Worker recorded it (progress_reads, progress_tasks, progress_annotations): pages never ask LS.</summary>
public sealed class ProgressStore(NpgsqlDataSource dataSource)
{
    private const string ProjectFigures = """
        SELECT p.id AS ProjectId, COALESCE(r.tasks_total, 0) AS TasksTotal,
               (SELECT count(*) FROM progress_tasks t WHERE t.project_id = p.id AND t.labelled)::int AS Labelled,
               (SELECT count(*) FROM progress_tasks t WHERE t.project_id = p.id AND t.skipped)::int AS Skipped,
               (SELECT count(*) FROM progress_annotations a WHERE a.project_id = p.id AND NOT a.was_cancelled)::int AS Annotations,
               r.read_at AS ReadAt, r.failed_at AS FailedAt, r.failure AS Failure
        FROM projects p LEFT JOIN progress_reads r ON r.project_id = p.id
        """;

    public async Task<ProjectProgress> ForProjectAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<FiguresRow>(new CommandDefinition(
            ProjectFigures + " WHERE p.id = @projectId", new { projectId }, cancellationToken: cancellationToken));
        return row?.ToProgress() ?? ProjectProgress.NeverRead(projectId);
    }

    public async Task<IReadOnlyDictionary<long, ProjectProgress>> ForProjectsAsync(IEnumerable<long> projectIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<FiguresRow>(new CommandDefinition(
            ProjectFigures + " WHERE p.id = ANY(@ids)", new { ids = projectIds.ToArray() }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.ProjectId, r => r.ToProgress());
    }

    /// <summary>
    /// Everyone who annotated in the project or is assigned to it, with what they did: history stays
    /// when someone is unassigned or deactivated (their <see cref="AnnotatorProgress.Standing"/> says so).
    /// </summary>
    public async Task<IReadOnlyList<AnnotatorProgress>> AnnotatorsAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AnnotatorRow>(new CommandDefinition("""
            WITH people AS (
                SELECT user_id FROM project_annotators WHERE project_id = @projectId
                UNION SELECT user_id FROM progress_annotations WHERE project_id = @projectId AND user_id IS NOT NULL),
            work AS (
                SELECT a.user_id,
                       count(DISTINCT a.ls_task_id) FILTER (WHERE NOT a.was_cancelled)::int AS done,
                       count(DISTINCT a.ls_task_id) FILTER (WHERE a.was_cancelled)::int AS skipped,
                       COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.lead_time), 0) AS median_seconds,
                       COALESCE(sum(a.lead_time), 0) AS total_seconds,
                       max(a.updated_at) AS last_activity
                FROM progress_annotations a WHERE a.project_id = @projectId GROUP BY a.user_id)
            SELECT u.id AS UserId, u.display_name AS Name, u.is_active AS IsActive, u.role AS Role,
                   EXISTS (SELECT 1 FROM project_annotators pa WHERE pa.project_id = @projectId AND pa.user_id = u.id) AS IsAssigned,
                   (p.manager_id = u.id) AS IsManager,
                   COALESCE(w.done, 0) AS Done, COALESCE(w.skipped, 0) AS Skipped,
                   COALESCE(w.median_seconds, 0) AS MedianSeconds, COALESCE(w.total_seconds, 0) AS TotalSeconds, w.last_activity AS LastActivity
            FROM people JOIN users u ON u.id = people.user_id JOIN projects p ON p.id = @projectId
            LEFT JOIN work w ON w.user_id = u.id
            UNION ALL
            SELECT NULL, 'Label Studio admin', true, '', false, false, w.done, w.skipped, w.median_seconds, w.total_seconds, w.last_activity
            FROM work w WHERE w.user_id IS NULL
            ORDER BY Done DESC, Name
            """, new { projectId }, cancellationToken: cancellationToken));
        return rows.Select(r => new AnnotatorProgress(r.UserId, r.Name, r.Standing, r.Done, r.Skipped, r.MedianSeconds, r.TotalSeconds,
            Utc(r.LastActivity))).ToList();
    }

    /// <summary>Tasks each person labelled per day (a task counts on the day of their first annotation of it), the last <paramref name="days"/> days.</summary>
    public async Task<IReadOnlyList<DailyDone>> DailyDoneAsync(long projectId, int days, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(DateTime Day, string Name, int Tasks)>(new CommandDefinition("""
            WITH firsts AS (
                SELECT a.user_id, a.ls_task_id, min(a.created_at) AS at FROM progress_annotations a
                WHERE a.project_id = @projectId AND NOT a.was_cancelled GROUP BY a.user_id, a.ls_task_id)
            SELECT date_trunc('day', f.at AT TIME ZONE 'UTC') AS Day, COALESCE(u.display_name, 'Label Studio admin') AS Name, count(*)::int AS Tasks
            FROM firsts f LEFT JOIN users u ON u.id = f.user_id
            WHERE f.at >= (now() AT TIME ZONE 'UTC')::date - (@days - 1)
            GROUP BY 1, 2 ORDER BY 1, 2
            """, new { projectId, days }, cancellationToken: cancellationToken));
        return rows.Select(r => new DailyDone(DateOnly.FromDateTime(r.Day), r.Name, r.Tasks)).ToList();
    }

    /// <summary>Tasks left (neither labelled nor skipped) at the end of each day since the first annotation, today included.</summary>
    public async Task<IReadOnlyList<BurnDownPoint>> BurnDownAsync(long projectId, int tasksTotal, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var finished = (await connection.QueryAsync<(DateTime Day, int Tasks)>(new CommandDefinition("""
            WITH finished AS (
                SELECT a.ls_task_id, COALESCE(min(a.created_at) FILTER (WHERE NOT a.was_cancelled), min(a.created_at)) AS at
                FROM progress_annotations a WHERE a.project_id = @projectId GROUP BY a.ls_task_id)
            SELECT date_trunc('day', at AT TIME ZONE 'UTC') AS Day, count(*)::int AS Tasks FROM finished GROUP BY 1 ORDER BY 1
            """, new { projectId }, cancellationToken: cancellationToken))).ToList();
        if (finished.Count == 0)
            return [];
        var byDay = finished.ToDictionary(f => DateOnly.FromDateTime(f.Day), f => f.Tasks);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var left = tasksTotal;
        // The day before the first task was done starts the line at every task left.
        var points = new List<BurnDownPoint> { new(byDay.Keys.Min().AddDays(-1), left) };
        for (var day = byDay.Keys.Min(); day <= today; day = day.AddDays(1))
        {
            left -= byDay.GetValueOrDefault(day);
            points.Add(new BurnDownPoint(day, Math.Max(0, left)));
        }
        return points;
    }

    /// <summary>For an annotator's home: per project, tasks left for the team and tasks this person labelled.</summary>
    public async Task<IReadOnlyDictionary<long, OwnProgress>> OwnAsync(long userId, IEnumerable<long> projectIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long ProjectId, int Left, int Mine, DateTime? ReadAt)>(new CommandDefinition("""
            SELECT p.id,
                   greatest(0, COALESCE(r.tasks_total, 0)
                       - (SELECT count(*) FROM progress_tasks t WHERE t.project_id = p.id AND (t.labelled OR t.skipped)))::int,
                   (SELECT count(DISTINCT a.ls_task_id) FROM progress_annotations a
                    WHERE a.project_id = p.id AND a.user_id = @userId AND NOT a.was_cancelled)::int,
                   r.read_at
            FROM projects p LEFT JOIN progress_reads r ON r.project_id = p.id WHERE p.id = ANY(@ids)
            """, new { userId, ids = projectIds.ToArray() }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.ProjectId, r => new OwnProgress(r.ProjectId, r.Left, r.Mine, Utc(r.ReadAt)));
    }

    // Npgsql reads timestamptz as a UTC DateTime.
    private static DateTimeOffset? Utc(DateTime? time) => time is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;

    private sealed record FiguresRow
    {
        public long ProjectId { get; init; }
        public int TasksTotal { get; init; }
        public int Labelled { get; init; }
        public int Skipped { get; init; }
        public int Annotations { get; init; }
        public DateTime? ReadAt { get; init; }
        public DateTime? FailedAt { get; init; }
        public string? Failure { get; init; }

        public ProjectProgress ToProgress() => new(ProjectId, TasksTotal, Labelled, Skipped, Annotations, Utc(ReadAt), Utc(FailedAt), Failure);
    }

    private sealed record AnnotatorRow
    {
        public long? UserId { get; init; }
        public string Name { get; init; } = "";
        public bool IsActive { get; init; }
        public string Role { get; init; } = "";
        public bool IsAssigned { get; init; }
        public bool IsManager { get; init; }
        public int Done { get; init; }
        public int Skipped { get; init; }
        public double MedianSeconds { get; init; }
        public double TotalSeconds { get; init; }
        public DateTime? LastActivity { get; init; }

        public string Standing => UserId is null ? Standings.LabelStudioAdmin
            : !IsActive ? Standings.Deactivated
            : IsAssigned ? Standings.Assigned
            : IsManager ? Standings.Manager
            : Role == "Admin" ? Standings.Admin
            : Standings.Unassigned;
    }
}
