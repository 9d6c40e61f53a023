namespace Labelit.Plugins.Hosting;

/// <summary>
/// One folder of the plugins directory: the version that new operations get, and its status. A copy
/// that fails to load never replaces a working version; it is reported beside it instead.
/// </summary>
internal sealed class PluginFolder(string name)
{
    private volatile PluginGeneration? _live;
    private volatile LoadedPlugin _status = new(name, null, PluginStatus.Failed, "not loaded yet.", []);

    public string Name { get; } = name;

    public PluginGeneration? Live => _live;

    public LoadedPlugin Status => _status;

    // Apply and Remove are called under PluginFolders' lock, one change at a time; Lease from anywhere.

    /// <summary>Makes a loaded copy live (retiring the previous one), or records why the copy was not loaded.</summary>
    public void Apply(PluginLoadAttempt attempt)
    {
        if (attempt.Loaded is { } loaded)
        {
            var previous = _live;
            _live = loaded;
            _status = new LoadedPlugin(Name, loaded.Manifest, PluginStatus.Loaded, null, loaded.Kinds, loaded.LoadedAt);
            previous?.Retire();
        }
        else if (_live is { } live)
        {
            var version = attempt.Manifest is null ? "A new copy" : $"Version {attempt.Manifest.Version}";
            _status = _status with
            {
                ReloadFailure = $"{version} put into the folder was not loaded ({attempt.Status}: {attempt.Reason}) Version {live.Manifest.Version} stays live.",
            };
        }
        else
        {
            _status = new LoadedPlugin(Name, attempt.Manifest, attempt.Status, attempt.Reason, []);
        }
    }

    /// <summary>A lease on the live version for one operation, or null when none is live.</summary>
    public PluginLease? Lease()
    {
        // A version retired and unloaded between reading _live and leasing it has a successor: take that.
        while (_live is { } live)
        {
            if (live.TryLease() is { } lease)
            {
                return lease;
            }
        }

        return null;
    }

    /// <summary>The folder is gone: no new operation gets its version, which unloads once running ones end.</summary>
    public void Remove()
    {
        var live = _live;
        _live = null;
        live?.Retire();
    }
}
