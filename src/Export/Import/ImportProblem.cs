namespace Labelit.Export.Import;

/// <summary>Why a label (or a file) is left out of an import; the summary counts each kind.</summary>
public enum ProblemKind
{
    /// <summary>Not readable as the format says: bad JSON/XML/number, a missing field, a reference to nothing.</summary>
    Malformed,

    /// <summary>A label the project's label config does not have.</summary>
    UnknownLabel,

    /// <summary>A box that reaches outside its image (or has no area).</summary>
    OutsideImage,

    /// <summary>A file that matches no task of the project (or several).</summary>
    UnmatchedFile,

    /// <summary>An id used twice in one file.</summary>
    DuplicateId,

    /// <summary>A shape or control the label config cannot hold (e.g. polygons for a boxes-only config).</summary>
    Unsupported,
}

/// <summary>One problem, with where it is in the import file so that a user can find it.</summary>
public sealed record ImportProblem(ProblemKind Kind, string Where, string Message)
{
    public override string ToString() => $"{Where}: {Message}";
}
