using System.Collections.Concurrent;

using Labelit.Data.Changes;

namespace Labelit.Web.Changes;

/// <summary>
/// Values read from the database, kept until a change notice drops them. Nothing is kept while the
/// notices are not heard, and a value whose load overlapped an announced change is not kept (the
/// generation check), so a cached answer is never older than the last announced change.
/// </summary>
public sealed class NoticeCache<TKey, TValue> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _values = new();
    private readonly ChangeNotices _notices;
    private readonly Lock _writes = new();
    private long _generation;

    /// <param name="affectedKeys">The keys a notice makes stale; null when it makes everything stale.</param>
    public NoticeCache(ChangeNotices notices, Func<ChangeNotice, IEnumerable<TKey>?> affectedKeys)
    {
        _notices = notices;
        notices.Lost += () => Invalidate(null);
        notices.Changed += notice => Invalidate(affectedKeys(notice));
    }

    public async Task<TValue> GetAsync(TKey key, Func<TKey, Task<TValue>> load)
    {
        if (_notices.IsListening && _values.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var generation = Interlocked.Read(ref _generation);
        var value = await load(key);
        lock (_writes)
        {
            if (_notices.IsListening && _generation == generation)
            {
                _values[key] = value;
            }
        }
        return value;
    }

    /// <summary>Drops the keys (null: everything) now; the process that made a change calls it without waiting for the notice.</summary>
    public void Invalidate(IEnumerable<TKey>? keys)
    {
        var stale = keys?.ToList();
        if (stale is { Count: 0 })
        {
            return;
        }
        lock (_writes)
        {
            _generation++;
            if (stale is null)
            {
                _values.Clear();
            }
            else
            {
                stale.ForEach(key => _values.TryRemove(key, out _));
            }
        }
    }
}
