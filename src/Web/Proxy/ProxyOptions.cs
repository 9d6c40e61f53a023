namespace Labelit.Web.Proxy;

/// <summary>Section "Proxy": how Labelit forwards people to their project's Label Studio.</summary>
public sealed class ProxyOptions
{
    /// <summary>How long a forwarded request may go without data either way (LS exports can be slow).</summary>
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest upload (e.g. an LS import) passed through; null for no limit.</summary>
    public long? MaxRequestBodyBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>A safety net: the route table is also reloaded this often, besides on every change notice.</summary>
    public TimeSpan RouteRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
