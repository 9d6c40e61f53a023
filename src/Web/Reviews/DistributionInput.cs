using Labelit.Data.Distribution;
using Labelit.Web.Apis;

namespace Labelit.Web.Reviews;

/// <summary>Checks a requested distribution against the project's annotators; a refusal says what to change.</summary>
public static class DistributionInput
{
    public const int MaxOverlap = 100;

    public static (DistributionSettings? Settings, string? Refusal) Check(DistributionRequest request, DistributionSettings current, int annotators)
    {
        var mode = request.Mode?.Trim().ToLowerInvariant() ?? current.Mode;
        if (mode is not (DistributionModes.Everyone or DistributionModes.Split))
            return (null, $"Mode must be \"{DistributionModes.Everyone}\" (every annotator labels every task) or \"{DistributionModes.Split}\" (each task goes to a few annotators), not \"{request.Mode}\".");
        var overlap = request.Overlap ?? (mode == DistributionModes.Split ? Math.Max(current.Overlap, 1) : 1);
        if (overlap < 1 || overlap > MaxOverlap)
            return (null, $"The overlap is how many annotators label each task: a whole number from 1 to {MaxOverlap}, not {overlap}.");
        if (mode == DistributionModes.Split && annotators == 0)
            return (null, "A split needs annotators: assign annotators to the project first.");
        if (mode == DistributionModes.Split && overlap > annotators)
            return (null, $"Each task cannot go to {overlap} annotators: the project has {annotators}. Assign more annotators or lower the overlap.");
        return (new(mode, mode == DistributionModes.Split ? overlap : 1, request.ExportAcceptedOnly ?? current.ExportAcceptedOnly), null);
    }

    public static string Describe(DistributionSettings settings) =>
        (settings.IsSplit ? $"split, each task to {settings.Overlap}" : "everyone labels everything")
        + (settings.ExportAcceptedOnly ? ", exports hold accepted annotations only" : "");
}
