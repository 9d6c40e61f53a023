using System.Collections.Concurrent;

namespace Labelit.Plugins.Hosting;

/// <summary>
/// Calls back with a plugin folder's name once nothing in it has changed for the quiet period.
/// Copying a new version is many file writes (and a large DLL is written in several): loading at the
/// first one would load half of the old version and half of the new.
/// </summary>
internal sealed class PluginFolderWatcher : IDisposable
{
    // What a plugin build consists of. Other files (a log or cache a plugin writes into its own
    // folder) do not trigger a reload, or such a plugin would reload itself for ever.
    private static readonly string[] PluginFileExtensions = [".dll", ".json", ".so", ".dylib"];

    private readonly string _directory;
    private readonly TimeSpan _quietPeriod;
    private readonly TimeProvider _time;
    private readonly Action<string> _onQuiet;
    private readonly FileSystemWatcher _watcher;
    private readonly ConcurrentDictionary<string, ITimer> _timers = new();

    public PluginFolderWatcher(string directory, TimeSpan quietPeriod, TimeProvider time, Action<string> onQuiet)
    {
        _directory = directory;
        _quietPeriod = quietPeriod;
        _time = time;
        _onQuiet = onQuiet;
        _watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Created += (_, e) => Changed(e.FullPath);
        _watcher.Changed += (_, e) => Changed(e.FullPath);
        _watcher.Deleted += (_, e) => Changed(e.FullPath);
        _watcher.Renamed += (_, e) =>
        {
            Changed(e.OldFullPath);
            Changed(e.FullPath);
        };
        _watcher.Error += (_, _) => RestartAll();
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose()
    {
        _watcher.Dispose();
        foreach (var timer in _timers.Values)
        {
            timer.Dispose();
        }
    }

    private void Changed(string path)
    {
        var relative = Path.GetRelativePath(_directory, path);
        var folder = relative.Split(Path.DirectorySeparatorChar)[0];
        if (folder is "." or ".." || Path.IsPathRooted(relative))
        {
            return;
        }

        var isFolderItself = folder == relative;
        if (isFolderItself || PluginFileExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            Restart(folder);
        }
    }

    // Events were lost (the OS buffer overflowed): any folder may have changed. Runs on a thread-pool
    // thread, where an exception would end the process.
    private void RestartAll()
    {
        try
        {
            foreach (var folder in Directory.GetDirectories(_directory))
            {
                Restart(Path.GetFileName(folder));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The plugins directory itself is gone or unreadable: nothing to reload.
        }
    }

    private void Restart(string folder)
    {
        try
        {
            _timers.GetOrAdd(folder, name => _time.CreateTimer(_ => _onQuiet(name), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan))
                .Change(_quietPeriod, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // An event that arrived while the watcher was being disposed: the host is stopping.
        }
    }
}
