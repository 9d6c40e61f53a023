using Microsoft.Extensions.Logging;

namespace Labelit.Plugins.Hosting;

/// <summary>
/// Every folder of the plugins directory, loaded at start and reloaded when a folder changes. One
/// load at a time, so that the clash check between kinds sees a settled set.
/// </summary>
internal sealed class PluginFolders(string directory, ILogger logger, TimeProvider time) : IDisposable
{
    private readonly Lock _changing = new();
    private readonly PluginCopies _copies = new();
    private volatile PluginFolder[] _folders = [];
    private bool _disposed;

    /// <summary>The folders in name order, as last loaded.</summary>
    public IReadOnlyList<PluginFolder> All => _folders;

    /// <summary>Loads every folder in name order; a folder whose kinds clash with an earlier one's is not loaded.</summary>
    public void LoadAll()
    {
        lock (_changing)
        {
            foreach (var path in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
            {
                var folder = new PluginFolder(Path.GetFileName(path));
                Load(folder, path, isReload: false);
                _folders = [.. _folders, folder];
            }
        }
    }

    /// <summary>
    /// Loads the folder's current content again: a working copy replaces the live version (running
    /// operations finish on the old one); a broken one is reported and the live version stays. A
    /// removed folder's kinds go away; a new folder is loaded. Never throws.
    /// </summary>
    public void Reload(string name)
    {
        lock (_changing)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                var path = Path.Combine(directory, name);
                var folder = _folders.FirstOrDefault(f => f.Name == name);
                if (!Directory.Exists(path))
                {
                    if (folder is not null)
                    {
                        folder.Remove();
                        _folders = _folders.Where(f => f != folder).ToArray();
                        logger.LogInformation("Storage plugin folder {Folder} was removed; its kinds are no longer offered", name);
                    }

                    return;
                }

                if (folder is not null)
                {
                    Load(folder, path, isReload: true);
                    return;
                }

                // A folder copied in while running: listed once its first load is settled, like at start.
                folder = new PluginFolder(name);
                Load(folder, path, isReload: false);
                _folders = [.. _folders.Append(folder).OrderBy(f => f.Name, StringComparer.Ordinal)];
            }
            catch (Exception e)
            {
                // A reload runs on a timer thread: nothing must escape it, whatever the folder holds.
                logger.LogError(e, "Reloading storage plugin folder {Folder} failed", name);
            }
        }
    }

    public void Dispose()
    {
        lock (_changing)
        {
            foreach (var folder in _folders)
            {
                folder.Remove();
            }

            _folders = [];
            _copies.Dispose();
            _disposed = true;
        }
    }

    private void Load(PluginFolder folder, string path, bool isReload)
    {
        // At start a folder may not clash with the folders before it; on reload, with any other.
        var others = _folders.Where(f => f != folder && f.Live is not null).Select(f => (f.Name, f.Live!.Kinds));
        var attempt = PluginFolderLoader.Load(path, others, _copies, time.GetUtcNow());
        folder.Apply(attempt);
        var status = folder.Status;
        if (attempt.Loaded is not null)
        {
            logger.LogInformation("Storage plugin {Folder} {Version} {Action}: {Kinds}", folder.Name, status.Manifest?.Version,
                isReload ? "reloaded" : "loaded", string.Join(", ", status.Kinds.Select(k => k.Kind)));
        }
        else if (status.ReloadFailure is not null)
        {
            logger.LogWarning("Storage plugin {Folder}: {ReloadFailure}", folder.Name, status.ReloadFailure);
        }
        else
        {
            logger.LogWarning("Storage plugin {Folder} {Status}: {Reason}", folder.Name, status.Status, status.Reason);
        }
    }
}
