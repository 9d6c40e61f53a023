using McMaster.NETCore.Plugins;

namespace Labelit.Plugins.Hosting;

/// <summary>
/// One loaded copy of a plugin folder: its load context, its storage kinds and the operations that
/// use it. When a newer copy replaces it, it is retired and unloaded only once its last operation
/// has ended, so work that started on this version finishes on it.
/// </summary>
internal sealed class PluginGeneration(
    PluginManifest manifest, IReadOnlyList<IStoragePlugin> kinds, DateTimeOffset loadedAt, PluginLoader loader, string copyDirectory)
{
    private readonly Lock _gate = new();
    private int _leases;
    private bool _retired;
    private bool _unloaded;

    public PluginManifest Manifest { get; } = manifest;

    public IReadOnlyList<IStoragePlugin> Kinds { get; } = kinds;

    public DateTimeOffset LoadedAt { get; } = loadedAt;

    /// <summary>The private copy of the folder this generation runs from (see <see cref="PluginCopies"/>).</summary>
    public string CopyDirectory { get; } = copyDirectory;

    /// <summary>A lease for one operation, or null when this generation was already unloaded (take the folder's current one).</summary>
    public PluginLease? TryLease()
    {
        lock (_gate)
        {
            if (_unloaded)
            {
                return null;
            }

            _leases++;
            return new PluginLease(this);
        }
    }

    /// <summary>No new operation will come here; unloads now or when the last running one ends.</summary>
    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            UnloadWhenUnused();
        }
    }

    internal void Release()
    {
        lock (_gate)
        {
            _leases--;
            UnloadWhenUnused();
        }
    }

    private void UnloadWhenUnused()
    {
        if (!_retired || _leases > 0 || _unloaded)
        {
            return;
        }

        _unloaded = true;
        // Collectible context: the runtime frees it once no object of this version is referenced.
        loader.Dispose();
        PluginCopies.TryDelete(CopyDirectory);
    }
}
