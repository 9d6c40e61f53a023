namespace Labelit.LabelStudioStandIn.Options;

/// <summary>
/// Builds links the way LS does behind LABEL_STUDIO_HOST: requests arrive with the prefix
/// already stripped by the proxy, while every link and redirect LS writes carries it.
/// </summary>
public sealed class Links(StandInOptions options)
{
    public string Prefix => options.PathPrefix;

    public string To(string path) => options.PathPrefix + path;

    /// <summary>Where a page may send the browser after login: only paths on this host.</summary>
    public string SafeNext(string? next, string fallback) =>
        next is { Length: > 0 } && next[0] == '/' && !next.StartsWith("//", StringComparison.Ordinal)
            && !next.Contains('\\') ? next : To(fallback);
}
