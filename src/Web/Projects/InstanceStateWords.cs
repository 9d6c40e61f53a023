using System.Text.RegularExpressions;
using Labelit.Data.Instances;

namespace Labelit.Web.Projects;

/// <summary>A project's Label Studio state in words a manager can act on; <see cref="Detail"/> is the Worker's technical reason.</summary>
public sealed record InstanceStateText(string Words, string? Detail, bool IsProblem);

/// <summary>
/// Turns the Worker's record of an LS instance (exit codes, last output lines) into a sentence with the
/// next step. The raw reason stays available as the detail, for whoever has to fix the server.
/// </summary>
public static class InstanceStateWords
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // Most specific first: the first match decides the sentence.
    private static readonly (Regex Pattern, string Words)[] KnownFailures =
    [
        (new(@"exit code 127\b|label-studio[^|]*not found|not found[^|]*label-studio|No such file or directory[^|]*label-studio", Options),
            "Label Studio is not installed on this server: install it (pip install label-studio) or run it in containers (Instances__Runtime=Container), see the README."),
        (new(@"Cannot connect to the (Docker|Podman) daemon|docker\.sock|podman\.sock|container engine", Options),
            "Labelit cannot reach the container engine (Docker or Podman) that runs Label Studio: start it, or run Label Studio as local processes (Instances__Runtime=Process), see the README."),
        (new(@"address already in use|port is already allocated", Options),
            "Another program on this server holds the port Label Studio was given. Labelit tries again with the next start; if this lasts, ask an admin to free the port."),
        (new(@"No space left on device", Options),
            "The server's disk is full, so Label Studio cannot run: ask an admin to free space."),
        (new(@"exit code 137\b|out of memory|MemoryError|OOM", Options),
            "The server ran out of memory and stopped Label Studio. Labelit restarts it; if this repeats, ask an admin to give the server more memory or run fewer projects at once."),
        (new(@"permission denied", Options),
            "Label Studio may not read or write its data folder on this server: ask an admin to check the folder's permissions."),
        (new(@"did not answer GET /health/|did not become ready", Options),
            "Label Studio started but did not become ready in time. Labelit keeps trying; if this lasts, the server may be short of memory or CPU: ask an admin."),
    ];

    private const string UnknownFailure =
        "Label Studio for this project stopped unexpectedly. Labelit restarts it by itself; if it keeps failing, ask an admin.";

    public static InstanceStateText Describe(InstanceRoute? instance) => instance switch
    {
        null => new("not started yet; it starts when someone opens the project.", null, false),
        { Suspended: true } => new("stopped while idle; it starts again when someone opens the project.", null, false),
        { State: InstanceStates.Failed } => new(Failure(instance.Reason), instance.Reason, true),
        { ProvisionError: { } error } => new("running, but Labelit could not set it up for this project (label config or accounts); it tries again by itself. If this lasts, ask an admin.", error, true),
        { State: InstanceStates.Running } => new("running.", null, false),
        { State: InstanceStates.Starting } => new("starting...", null, false),
        { State: InstanceStates.Stopping } => new("stopping.", instance.Reason, false),
        _ => new("stopped" + (instance.Reason is null ? "; it starts when someone opens the project." : "."), instance.Reason, false),
    };

    /// <summary>The sentence for a failure reason as the Worker recorded it.</summary>
    public static string Failure(string? reason) =>
        KnownFailures.FirstOrDefault(known => reason is not null && known.Pattern.IsMatch(reason)).Words ?? UnknownFailure;

    /// <summary>What a sync or export that needs LS is doing while LS is not running; null when LS runs.</summary>
    public static string? WaitingFor(InstanceRoute? instance) => instance switch
    {
        { IsRunning: true } => null,
        { State: InstanceStates.Failed } => "Waiting for Label Studio to start, which failed: " + Failure(instance.Reason),
        _ => "Waiting for Label Studio to start (this takes up to a minute).",
    };
}
