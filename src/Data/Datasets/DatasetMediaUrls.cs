namespace Labelit.Data.Datasets;

/// <summary>The URL a dataset object's LS task carries (Web serves it after checking access); Web's
/// label import matches import files against it as the Worker wrote it.</summary>
public static class DatasetMediaUrls
{
    public static string For(string projectSlug, long objectId, string location) =>
        $"/projects/{projectSlug}/media/{objectId}/{Uri.EscapeDataString(FileName(location))}";

    private static string FileName(string location)
    {
        var name = location[(location.LastIndexOf('/') + 1)..];
        return name.Length == 0 ? "object" : name;
    }
}
