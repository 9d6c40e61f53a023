namespace Labelit.Plugins.Hosting;

/// <summary>Keeps a plugin version loaded while one operation (a backend) uses it.</summary>
internal sealed class PluginLease(PluginGeneration generation) : IDisposable
{
    private int _released;

    public PluginGeneration Generation { get; } = generation;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Generation.Release();
        }
    }
}
