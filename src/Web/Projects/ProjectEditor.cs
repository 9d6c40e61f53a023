using Labelit.Web.Accounts;
using Labelit.Web.Audit;

namespace Labelit.Web.Projects;

/// <summary>The outcome of a change: the project, or the problems keyed by field ("" for the whole form).</summary>
public sealed record ProjectChange(SaveOutcome Outcome, Project? Project, Dictionary<string, string[]> Errors)
{
    public bool Succeeded => Outcome == SaveOutcome.Saved && Errors.Count == 0;

    public static ProjectChange Invalid(Dictionary<string, string[]> errors) => new(SaveOutcome.Saved, null, errors);

    public static ProjectChange Failed(SaveOutcome outcome) => new(outcome, null, outcome switch
    {
        SaveOutcome.NameTaken => new() { [nameof(ProjectInput.Name)] = ["Another project already has this name."] },
        SaveOutcome.SlugTaken => new() { [nameof(ProjectInput.Slug)] = ["Another project already uses this URL name."] },
        SaveOutcome.Stale => new() { [""] = ["Someone else changed this project after you opened it. Reload the page to see their changes, then edit again."] },
        _ => new() { [""] = ["The project no longer exists."] },
    });
}

/// <summary>Creates, edits, deletes and staffs projects, with validation and an audit entry. UI and API both call it.</summary>
public sealed class ProjectEditor(ProjectStore projects, CachedProjects cache, UserStore users, AuditLog audit, ProjectStorageCheck storage,
    Labelit.Data.Distribution.DistributionStore distribution)
{
    public async Task<ProjectChange> CreateAsync(CurrentUser actor, ProjectInput input, CancellationToken cancellationToken = default)
    {
        var errors = ProjectInputValidator.Validate(input, out var project, actor.Id);
        if (errors.Count == 0)
        {
            errors = await storage.CheckAsync(project!, cancellationToken);
        }
        if (errors.Count > 0)
        {
            return ProjectChange.Invalid(errors);
        }
        var (outcome, created) = await projects.CreateAsync(project!, cancellationToken);
        if (outcome != SaveOutcome.Saved)
        {
            return ProjectChange.Failed(outcome);
        }
        await audit.WriteAsync(actor.Id, "created", "project", created!.Id, $"Created project \"{created.Name}\" ({created.Slug})");
        return new(SaveOutcome.Saved, created, []);
    }

    /// <summary>Applies an edit made on version <paramref name="version"/> of the project.</summary>
    public async Task<ProjectChange> UpdateAsync(CurrentUser actor, Project existing, ProjectInput input, int version, CancellationToken cancellationToken = default)
    {
        var errors = ProjectInputValidator.Validate(input, out var project, existing.ManagerId);
        if (errors.Count == 0)
        {
            errors = await storage.CheckAsync(project!, cancellationToken);
        }
        if (errors.Count > 0)
        {
            return ProjectChange.Invalid(errors);
        }
        var outcome = await projects.UpdateAsync(project! with { Id = existing.Id, Version = version }, cancellationToken);
        if (outcome != SaveOutcome.Saved)
        {
            return ProjectChange.Failed(outcome);
        }
        cache.Forget();
        var configChanged = existing.LabelConfig != project!.LabelConfig;
        await audit.WriteAsync(actor.Id, "changed", "project", existing.Id, $"Changed project \"{project.Name}\"{Differences(existing, project)}",
            configChanged ? existing.LabelConfig : null, configChanged ? project.LabelConfig : null);
        return new(SaveOutcome.Saved, await projects.FindAsync(existing.Id, cancellationToken), []);
    }

    public async Task<ProjectChange> DeleteAsync(CurrentUser actor, Project project, int version, CancellationToken cancellationToken = default)
    {
        var outcome = await projects.SoftDeleteAsync(project.Id, version, cancellationToken);
        if (outcome != SaveOutcome.Saved)
        {
            return ProjectChange.Failed(outcome);
        }
        cache.Forget();
        await audit.WriteAsync(actor.Id, "deleted", "project", project.Id, $"Deleted project \"{project.Name}\" (its Label Studio data is kept)");
        return new(SaveOutcome.Saved, project, []);
    }

    /// <summary>Assigns an active annotator; the problem when that is not possible, else null.</summary>
    public async Task<string?> AssignAsync(CurrentUser actor, Project project, long userId, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId, cancellationToken);
        if (user is null || user.Role != Roles.Annotator || !user.IsActive)
        {
            return "Only active annotators can be assigned to a project.";
        }
        if (await projects.AssignAsync(project.Id, userId, actor.Id, cancellationToken))
        {
            cache.Forget();
            await audit.WriteAsync(actor.Id, "assigned", "assignment", project.Id, $"Assigned {user.DisplayName} <{user.Email}> to \"{project.Name}\"");
            // In split mode the newcomer takes a share of the unstarted tasks at once.
            await distribution.RebalanceAsync(project.Id, cancellationToken);
        }
        return null;
    }

    public async Task<bool> UnassignAsync(CurrentUser actor, Project project, long userId, CancellationToken cancellationToken = default)
    {
        if (!await projects.UnassignAsync(project.Id, userId, cancellationToken))
        {
            return false;
        }
        cache.Forget();
        var user = await users.FindByIdAsync(userId, cancellationToken);
        await audit.WriteAsync(actor.Id, "unassigned", "assignment", project.Id, $"Unassigned {user?.DisplayName} <{user?.Email}> from \"{project.Name}\"");
        // Their unstarted tasks go back to the others at once; what they started stays theirs.
        await distribution.RebalanceAsync(project.Id, cancellationToken);
        return true;
    }

    private static string Differences(Project before, Project after)
    {
        var changed = new List<string>();
        if (before.Name != after.Name) changed.Add("name");
        if (before.Slug != after.Slug) changed.Add("URL name");
        if (before.Description != after.Description) changed.Add("description");
        if (before.LabelConfig != after.LabelConfig) changed.Add("label config");
        if (before.Status != after.Status) changed.Add($"status {before.Status} -> {after.Status}");
        if (!before.Dataset.Locations.SequenceEqual(after.Dataset.Locations) || before.Dataset with { Locations = [] } != after.Dataset with { Locations = [] }) changed.Add("dataset");
        if (!before.ExportSettings.Formats.SequenceEqual(after.ExportSettings.Formats)
            || before.ExportSettings.IntervalMinutes != after.ExportSettings.IntervalMinutes
            || before.ExportSettings.Destination != after.ExportSettings.Destination
            || before.ExportSettings.ConnectionId != after.ExportSettings.ConnectionId) changed.Add("export settings");
        return changed.Count == 0 ? "" : ": " + string.Join(", ", changed);
    }
}
