using System.Diagnostics;

namespace Labelit.Worker;

/// <summary>
/// The Worker's own trace spans: one per dataset sync, export run and backup, so that each shows in
/// the dashboard as one trace with its PostgreSQL statements, storage and LS calls beneath it.
/// </summary>
public static class WorkerActivities
{
    private static readonly ActivitySource Source = new("Labelit.Worker");

    /// <summary>A new trace (not a child of whatever polled for the work) for one run of <paramref name="what"/>.</summary>
    public static Activity? StartRun(string what, long runId, long? projectId = null)
    {
        var activity = Source.StartActivity(what, ActivityKind.Internal, parentContext: default);
        activity?.SetTag("labelit.run_id", runId);
        if (projectId is not null)
        {
            activity?.SetTag("labelit.project_id", projectId);
        }
        return activity;
    }
}
