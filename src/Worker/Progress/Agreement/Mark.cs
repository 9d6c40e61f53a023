using NetTopologySuite.Geometries;

namespace Labelit.Worker.Progress.Agreement;

/// <summary>
/// One thing an annotator marked on a task that can be compared with what another marked: a choice
/// (or taxonomy, rating) for a whole task, a labelled span of text or time, or a labelled box or polygon.
/// </summary>
/// <param name="Control">The label config's control (from_name) it was made with.</param>
/// <param name="Labels">Its labels or chosen values, sorted and joined: two marks match only with the same.</param>
public abstract record Mark(string Control, string Labels);

/// <summary>Choices, taxonomy or rating for the whole task: two agree when they chose the same values.</summary>
public sealed record ClassificationMark(string Control, string Labels) : Mark(Control, Labels);

/// <summary>A labelled span (text, hypertext, paragraphs, audio, time series): two agree on the same span with the same labels.</summary>
public sealed record SpanMark(string Control, string Labels, string Position) : Mark(Control, Labels);

/// <summary>A box or polygon: two agree when they have the same labels and overlap at IoU 0.5 or more.</summary>
public sealed record ShapeMark(string Control, string Labels, Geometry Shape) : Mark(Control, Labels);
