namespace Labelit.Web.Storage;

/// <summary>The outcome of an edit: the saved connection, or messages keyed by input field ("" for the whole form).</summary>
public sealed record StorageConnectionChange(StorageConnection? Connection, Dictionary<string, string[]> Errors)
{
    public const string StaleMessage = "Someone else changed this connection after you opened it. Reload the page, then edit again.";

    public bool Succeeded => Errors.Count == 0;

    public bool IsStale => Errors.TryGetValue("", out var general) && general.Contains(StaleMessage);
}
