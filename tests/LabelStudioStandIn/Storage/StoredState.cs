using System.Text.Json.Nodes;

namespace Labelit.LabelStudioStandIn.Storage;

/// <summary>The whole durable state of one instance, saved as one JSON file.</summary>
public sealed class StoredState
{
    public OrganizationRecord? Organization { get; set; }
    public List<UserRecord> Users { get; set; } = [];
    public List<SessionRecord> Sessions { get; set; } = [];
    public List<ProjectRecord> Projects { get; set; } = [];
    public List<TaskRecord> Tasks { get; set; } = [];
    public List<AnnotationRecord> Annotations { get; set; } = [];
    public List<ExportRecord> Exports { get; set; } = [];
    public List<PersonalTokenRecord> PersonalTokens { get; set; } = [];
    public List<DraftRecord> Drafts { get; set; } = [];
    public List<ViewRecord> Views { get; set; } = [];
    /// <summary>Signs JWTs when SECRET_KEY is not given (LS also makes and keeps one of its own).</summary>
    public string? GeneratedSecretKey { get; set; }
    public Dictionary<string, int> LastIds { get; set; } = [];
    /// <summary>The last journal entry this state holds (see <see cref="StandInStore"/>).</summary>
    public long JournalSequence { get; set; }
}

public sealed class OrganizationRecord
{
    public int Id { get; set; }
    public string Title { get; set; } = "Label Studio";
    public required string Token { get; set; }
    public int CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class UserRecord
{
    public int Id { get; set; }
    public required string Email { get; set; }
    public string Username { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    /// <summary>Null for users made by POST /api/users/: LS gives them no usable password.</summary>
    public string? PasswordHash { get; set; }
    public required string ApiToken { get; set; }
    public bool IsSuperuser { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset DateJoined { get; set; }
    public DateTimeOffset? LastActivity { get; set; }
}

public sealed class SessionRecord
{
    public required string Key { get; set; }
    public int UserId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class ProjectRecord
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string LabelConfig { get; set; } = "<View></View>";
    public string ExpertInstruction { get; set; } = "";
    public string Color { get; set; } = "#FFFFFF";
    public int MaximumAnnotations { get; set; } = 1;
    public bool IsPublished { get; set; }
    public bool ShowSkipButton { get; set; } = true;
    public string Sampling { get; set; } = "Sequential sampling";
    public int CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class TaskRecord
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public int InnerId { get; set; }
    public JsonObject Data { get; set; } = [];
    public JsonObject Meta { get; set; } = [];
    public JsonArray Predictions { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class AnnotationRecord
{
    public int Id { get; set; }
    public int TaskId { get; set; }
    public int ProjectId { get; set; }
    public int CompletedBy { get; set; }
    public int? UpdatedBy { get; set; }
    public JsonArray Result { get; set; } = [];
    public bool WasCancelled { get; set; }
    public bool GroundTruth { get; set; }
    public double LeadTime { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A personal access token (JWT refresh token), known by its id so it can be revoked.</summary>
public sealed class PersonalTokenRecord
{
    public required string Jti { get; set; }
    public int UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Revoked { get; set; }
}

public sealed class ExportRecord
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public string Title { get; set; } = "";
    public int CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the snapshot counts as finished (STANDIN_EXPORT_DELAY_MS after creation).</summary>
    public DateTimeOffset FinishesAt { get; set; }
    public bool OnlyWithAnnotations { get; set; }
    /// <summary>Task ids frozen at creation: a snapshot does not change when tasks change later.</summary>
    public JsonArray Snapshot { get; set; } = [];
}

/// <summary>An autosaved, unsubmitted annotation of one user (LS's AnnotationDraft).</summary>
public sealed class DraftRecord
{
    public int Id { get; set; }
    public int TaskId { get; set; }
    public int UserId { get; set; }
    public int? AnnotationId { get; set; }
    public JsonArray Result { get; set; } = [];
    public double LeadTime { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A Data Manager tab (LS's View): its filters, columns and ordering live in Data.</summary>
public sealed class ViewRecord
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public int UserId { get; set; }
    public int Order { get; set; }
    public JsonObject Data { get; set; } = [];
}
