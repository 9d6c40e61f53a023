using Dapper;
using Npgsql;

namespace Labelit.Data.Distribution;

public static class ReviewDecisions
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
}

/// <summary>A submitted annotation waiting for a review (from the progress Labelit read from LS).</summary>
public sealed record ReviewItem(int AnnotationId, int TaskId, long? AuthorId, string? AuthorName, DateTime UpdatedAt, string? PreviousComment);

/// <summary>The last decision on an annotation.</summary>
public sealed record Review(int AnnotationId, int TaskId, string Decision, string Comment, long ReviewerId, string? ReviewerName, DateTime DecidedAt,
    long? AuthorId, string? AuthorName);

/// <summary>Reviews of a project's annotations, and who besides its manager and admins may make them.</summary>
public sealed class ReviewStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<long>> ReviewersAsync(long projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<long>("SELECT user_id FROM project_reviewers WHERE project_id = @projectId ORDER BY user_id", new { projectId })).ToList();
    }

    public async Task<bool> IsReviewerAsync(long projectId, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM project_reviewers r JOIN project_annotators a USING (project_id, user_id)
                           WHERE r.project_id = @projectId AND r.user_id = @userId)
            """, new { projectId, userId });
    }

    public async Task SetReviewersAsync(long projectId, IReadOnlyCollection<long> userIds, long actorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM project_reviewers WHERE project_id = @projectId AND NOT (user_id = ANY(@userIds))",
            new { projectId, userIds = userIds.ToArray() }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO project_reviewers (project_id, user_id, named_by) SELECT @projectId, u, @actorId FROM unnest(@userIds) u
            ON CONFLICT DO NOTHING
            """, new { projectId, userIds = userIds.ToArray(), actorId }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Submitted (not skipped) annotations with no decision, and rejected ones their author changed
    /// since; never the reviewer's own. Oldest first.
    /// </summary>
    public async Task<IReadOnlyList<ReviewItem>> QueueAsync(long projectId, long reviewerId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ReviewItem>("""
            SELECT p.ls_annotation_id AS AnnotationId, p.ls_task_id AS TaskId, p.user_id AS AuthorId, u.display_name AS AuthorName,
                   p.updated_at AS UpdatedAt, r.comment AS PreviousComment
            FROM progress_annotations p
            LEFT JOIN users u ON u.id = p.user_id
            LEFT JOIN annotation_reviews r ON r.project_id = p.project_id AND r.ls_annotation_id = p.ls_annotation_id
            WHERE p.project_id = @projectId AND NOT p.was_cancelled AND p.user_id IS DISTINCT FROM @reviewerId
              AND (r.decision IS NULL OR (r.decision = 'rejected' AND p.updated_at > r.annotation_updated_at))
            ORDER BY p.updated_at, p.ls_annotation_id
            LIMIT @limit
            """, new { projectId, reviewerId, limit })).ToList();
    }

    public async Task<Review?> FindAsync(long projectId, int annotationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Review>(SelectReviews + " WHERE r.project_id = @projectId AND r.ls_annotation_id = @annotationId",
            new { projectId, annotationId });
    }

    /// <summary>Rejected annotations of one author that they have not changed since (what goes back to them).</summary>
    public async Task<IReadOnlyList<Review>> ReturnedToAsync(long projectId, long authorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Review>(SelectReviews + """
             WHERE r.project_id = @projectId AND r.decision = 'rejected' AND p.user_id = @authorId AND p.updated_at <= r.annotation_updated_at
             ORDER BY r.decided_at DESC
            """, new { projectId, authorId })).ToList();
    }

    public async Task<IReadOnlyList<Review>> DecisionsAsync(long projectId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Review>(SelectReviews + " WHERE r.project_id = @projectId ORDER BY r.decided_at DESC LIMIT @limit",
            new { projectId, limit })).ToList();
    }

    /// <summary>
    /// Records a decision unless the annotation is already accepted (final): false then. The caller
    /// has checked that LS still has the annotation, and passes its task and updated_at as LS gave them.
    /// </summary>
    public async Task<bool> DecideAsync(long projectId, int annotationId, int taskId, string decision, string comment, long reviewerId,
        DateTimeOffset annotationUpdatedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync("""
            INSERT INTO annotation_reviews (project_id, ls_annotation_id, ls_task_id, decision, comment, reviewer_id, annotation_updated_at)
            VALUES (@projectId, @annotationId, @taskId, @decision, @comment, @reviewerId, @annotationUpdatedAt)
            ON CONFLICT (project_id, ls_annotation_id) DO UPDATE SET decision = excluded.decision, comment = excluded.comment,
                reviewer_id = excluded.reviewer_id, decided_at = now(), annotation_updated_at = excluded.annotation_updated_at
            WHERE annotation_reviews.decision <> 'accepted'
            """, new { projectId, annotationId, taskId, decision, comment, reviewerId, annotationUpdatedAt }) == 1;
    }

    /// <summary>The Labelit user who wrote the annotation, as the last progress read saw it (null when not read yet or not a Labelit account).</summary>
    public async Task<long?> AuthorOfAsync(long projectId, int annotationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(
            "SELECT user_id FROM progress_annotations WHERE project_id = @projectId AND ls_annotation_id = @annotationId", new { projectId, annotationId });
    }

    /// <summary>The LS ids of a project's accepted annotations (what an "accepted only" export keeps).</summary>
    public async Task<IReadOnlySet<int>> AcceptedAsync(long projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<int>("SELECT ls_annotation_id FROM annotation_reviews WHERE project_id = @projectId AND decision = 'accepted'",
            new { projectId })).ToHashSet();
    }

    private const string SelectReviews = """
        SELECT r.ls_annotation_id AS AnnotationId, r.ls_task_id AS TaskId, r.decision, r.comment, r.reviewer_id AS ReviewerId,
               v.display_name AS ReviewerName, r.decided_at AS DecidedAt, p.user_id AS AuthorId, a.display_name AS AuthorName
        FROM annotation_reviews r
        JOIN users v ON v.id = r.reviewer_id
        LEFT JOIN progress_annotations p ON p.project_id = r.project_id AND p.ls_annotation_id = r.ls_annotation_id
        LEFT JOIN users a ON a.id = p.user_id
        """;
}
