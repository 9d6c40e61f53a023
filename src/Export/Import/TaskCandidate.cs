namespace Labelit.Export.Import;

/// <summary>A task labels can go to, known by what import files may call its file.</summary>
/// <param name="Key">What the caller knows the task by (a dataset object id, or an LS task id).</param>
/// <param name="Location">The object's storage location (s3://bucket/a/cat.jpg, or an upload path).</param>
/// <param name="DataUrl">The task's data value as LS holds it (what LS's exports derive file names from).</param>
public sealed record TaskCandidate(long Key, string? Location, string? DataUrl);
