using Dapper;
using Labelit.Web.Accounts;
using Npgsql;

namespace Labelit.Web.Projects;

public enum SaveOutcome { Saved, NotFound, Stale, NameTaken, SlugTaken }

/// <summary>Projects and their annotators in PostgreSQL. Deleted projects are invisible here.</summary>
public sealed class ProjectStore(NpgsqlDataSource dataSource)
{
    private const string Select = """
        SELECT p.id, p.name, p.slug, p.description, p.label_config AS LabelConfig, p.manager_id AS ManagerId,
               m.display_name AS ManagerName, m.email AS ManagerEmail, p.status, p.dataset, p.export_settings AS ExportSettings,
               p.created_at AS CreatedAt, p.updated_at AS UpdatedAt, p.version
        FROM projects p JOIN users m ON m.id = p.manager_id
        WHERE p.deleted_at IS NULL
        """;

    static ProjectStore()
    {
        JsonColumn<ProjectDataset>.Register();
        JsonColumn<ProjectExportSettings>.Register();
    }

    /// <summary>Admins see every project, managers those they manage, annotators their assigned active ones.</summary>
    public async Task<IReadOnlyList<Project>> ListVisibleAsync(CurrentUser user, CancellationToken cancellationToken = default)
    {
        var filter = user.Role switch
        {
            Roles.Admin => "",
            Roles.Manager => " AND p.manager_id = @Id",
            _ => " AND p.status = 'Active' AND EXISTS (SELECT 1 FROM project_annotators a WHERE a.project_id = p.id AND a.user_id = @Id)",
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Project>(Select + filter + " ORDER BY lower(p.name)", new { user.Id })).ToList();
    }

    /// <summary>Every project the annotator is assigned to, whatever its status, so that a paused one is shown as paused.</summary>
    public async Task<IReadOnlyList<Project>> ListAssignedAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Project>(Select +
            " AND EXISTS (SELECT 1 FROM project_annotators a WHERE a.project_id = p.id AND a.user_id = @userId) ORDER BY lower(p.name)",
            new { userId })).ToList();
    }

    public async Task<Project?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Project>(Select + " AND p.id = @id", new { id });
    }

    public async Task<Project?> FindBySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Project>(Select + " AND p.slug = @slug", new { slug });
    }

    public async Task<(SaveOutcome Outcome, Project? Project)> CreateAsync(Project project, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var id = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO projects (name, slug, description, label_config, manager_id, status, dataset, export_settings)
                VALUES (@Name, @Slug, @Description, @LabelConfig, @ManagerId, @Status, @Dataset, @ExportSettings)
                RETURNING id
                """, project);
            return (SaveOutcome.Saved, await FindAsync(id, cancellationToken));
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return (Conflict(exception), null);
        }
    }

    /// <summary>Saves an edit made on <paramref name="project"/>.Version; refuses it when someone saved in between.</summary>
    public async Task<SaveOutcome> UpdateAsync(Project project, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var rows = await connection.ExecuteAsync("""
                UPDATE projects SET name = @Name, slug = @Slug, description = @Description, label_config = @LabelConfig,
                    status = @Status, dataset = @Dataset, export_settings = @ExportSettings,
                    updated_at = now(), version = version + 1
                WHERE id = @Id AND version = @Version AND deleted_at IS NULL
                """, project);
            return rows == 1 ? SaveOutcome.Saved : await MissingOrStaleAsync(connection, project.Id);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Conflict(exception);
        }
    }

    /// <summary>Hides the project; its Label Studio data stays until an admin purges it.</summary>
    public async Task<SaveOutcome> SoftDeleteAsync(long id, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(
            "UPDATE projects SET deleted_at = now(), version = version + 1 WHERE id = @id AND version = @version AND deleted_at IS NULL",
            new { id, version });
        return rows == 1 ? SaveOutcome.Saved : await MissingOrStaleAsync(connection, id);
    }

    public async Task<IReadOnlyList<User>> AnnotatorsAsync(long projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<User>("""
            SELECT u.id, u.email, u.display_name AS DisplayName, u.role, u.is_active AS IsActive
            FROM project_annotators a JOIN users u ON u.id = a.user_id
            WHERE a.project_id = @projectId ORDER BY lower(u.display_name)
            """, new { projectId })).ToList();
    }

    public async Task<bool> IsAssignedAsync(long projectId, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM project_annotators WHERE project_id = @projectId AND user_id = @userId)", new { projectId, userId });
    }

    /// <summary>True when the annotator was not assigned before.</summary>
    public async Task<bool> AssignAsync(long projectId, long userId, long assignedBy, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync("""
            INSERT INTO project_annotators (project_id, user_id, assigned_by) VALUES (@projectId, @userId, @assignedBy)
            ON CONFLICT DO NOTHING
            """, new { projectId, userId, assignedBy }) == 1;
    }

    /// <summary>True when the annotator was assigned.</summary>
    public async Task<bool> UnassignAsync(long projectId, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "DELETE FROM project_annotators WHERE project_id = @projectId AND user_id = @userId", new { projectId, userId }) == 1;
    }

    private static async Task<SaveOutcome> MissingOrStaleAsync(NpgsqlConnection connection, long id) =>
        await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM projects WHERE id = @id AND deleted_at IS NULL)", new { id })
            ? SaveOutcome.Stale
            : SaveOutcome.NotFound;

    private static SaveOutcome Conflict(PostgresException exception) =>
        exception.ConstraintName == "projects_slug_unique" ? SaveOutcome.SlugTaken : SaveOutcome.NameTaken;
}
