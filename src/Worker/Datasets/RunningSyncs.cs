using System.Collections.Concurrent;

namespace Labelit.Worker.Datasets;

/// <summary>The syncs running on this Worker, so that a cancel request (NOTIFY) stops one at once, even while it waits for LS.</summary>
public sealed class RunningSyncs
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();

    /// <summary>Cancelled when someone asks to cancel the sync; dispose the returned lease when the run ends.</summary>
    public Lease Start(long syncId)
    {
        var cancelled = new CancellationTokenSource();
        _running[syncId] = cancelled;
        return new Lease(this, syncId, cancelled);
    }

    /// <summary>False when the sync is not running here.</summary>
    public bool TryCancel(long syncId)
    {
        if (!_running.TryGetValue(syncId, out var cancelled))
            return false;
        cancelled.Cancel();
        return true;
    }

    public sealed class Lease(RunningSyncs owner, long syncId, CancellationTokenSource cancelled) : IDisposable
    {
        public CancellationToken Cancelled => cancelled.Token;

        public void Dispose()
        {
            owner._running.TryRemove(KeyValuePair.Create(syncId, cancelled));
            cancelled.Dispose();
        }
    }
}
