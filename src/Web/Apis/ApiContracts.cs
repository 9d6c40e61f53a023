using Labelit.Web.Accounts;
using Labelit.Web.Audit;
using Labelit.Web.Projects;

namespace Labelit.Web.Apis;

public sealed record ProjectDto(
    long Id, string Name, string Slug, string Description, string Status, long ManagerId, string ManagerName,
    string LabelConfig, IReadOnlyList<string> DataKeys, IReadOnlyList<string> AvailableExportFormats,
    ProjectDataset Dataset, ProjectExportSettings ExportSettings, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ProjectDto From(Project project)
    {
        var check = LabelConfigValidator.Check(project.LabelConfig);
        return new(project.Id, project.Name, project.Slug, project.Description, project.Status, project.ManagerId, project.ManagerName,
            project.LabelConfig, check.DataKeys, check.ExportFormats, project.Dataset, project.ExportSettings, project.Version,
            project.CreatedAt, project.UpdatedAt);
    }
}

/// <summary>A user as the API shows them: never the password hash or security stamp.</summary>
public sealed record UserDto(long Id, string Email, string DisplayName, string Role, bool IsActive, int Version, DateTimeOffset CreatedAt)
{
    public static UserDto From(User user) => new(user.Id, user.Email, user.DisplayName, user.Role, user.IsActive, user.Version, user.CreatedAt);
}

/// <summary>
/// A project's labelling progress. <c>ReadAt</c> is when the figures were read from its Label Studio (null:
/// never); <c>Failure</c>, when set, says why the last read failed and the figures may be behind.
/// <c>Agreement</c> is given to the project's manager and admins only (it names people), null for others.
/// </summary>
public sealed record ProgressDto(
    long ProjectId, int TasksTotal, int Labelled, int Skipped, int Remaining, int Annotations,
    DateTimeOffset? ReadAt, string? Failure, DateTimeOffset? FailedAt, AgreementDto? Agreement = null)
{
    public static ProgressDto From(Labelit.Web.Progress.ProjectProgress progress, Labelit.Web.Progress.AgreementSummary? agreement = null) =>
        new(progress.ProjectId, progress.TasksTotal, progress.Labelled, progress.Skipped, progress.Remaining, progress.Annotations,
            progress.ReadAt, progress.Failure, progress.FailedAt, agreement is null ? null : AgreementDto.From(agreement));
}

/// <summary>
/// Agreement between annotators (0..1) on the tasks several labelled: same choices and labels, boxes and
/// polygons at IoU 0.5 or more. <c>TasksCompared</c> 0 with <c>Message</c> says no work overlaps yet.
/// <c>LeastAgreed</c> are the tasks they disagree on most, each with its Label Studio link through Labelit.
/// </summary>
public sealed record AgreementDto(int TasksCompared, double? Overall, string? Message, IReadOnlyList<AgreementPairDto> Pairs,
    IReadOnlyList<AgreementTaskDto> LeastAgreed)
{
    public static AgreementDto From(Labelit.Web.Progress.AgreementSummary summary) => summary.TasksCompared == 0
        ? new(0, null, "No task has been labelled by more than one annotator yet, so there is no agreement to show.", [], [])
        : new(summary.TasksCompared, summary.Overall, null,
            summary.Pairs.Select(p => new AgreementPairDto(p.First, p.Second, p.Tasks, p.Agreement)).ToList(),
            summary.LeastAgreed.Select(t => new AgreementTaskDto(t.TaskId, t.Agreement, t.Annotators, t.Link)).ToList());
}

public sealed record AgreementPairDto(string First, string Second, int Tasks, double Agreement);

public sealed record AgreementTaskDto(int LabelStudioTaskId, double Agreement, IReadOnlyList<string> Annotators, string? Link);

public sealed record PasswordReset(string? Password);

public sealed record LabelConfigRequest(string? LabelConfig);

/// <summary>Before and After: the changed text (a label config) where the summary cannot hold it, else null.</summary>
public sealed record AuditEntryDto(long Id, DateTime At, long? ActorId, string? ActorName, string Action, string EntityType, long? EntityId, string Summary,
    string? Before, string? After)
{
    public static AuditEntryDto From(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.ActorId, entry.ActorName, entry.Action, entry.EntityType, entry.EntityId, entry.Summary, entry.Before, entry.After);
}

internal static class ApiProblems
{
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: detail);

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No such {what}.");

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: 409, title: "Conflict", detail: detail);
}
