using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Labelit.Export.Formats.Images;

/// <summary>The image path LS's converter writes when it runs without LS's media (no hostname,
/// no token, no download), which is how Labelit converts: COCO's file_name is this path, YOLO
/// and VOC name their files after its file name.
/// Plain URLs get the name LS's downloader would cache them under,
/// "images/&lt;first 8 hex digits of md5(url)&gt;__&lt;file name&gt;"; uploads, local-storage and
/// cloud URIs (s3://, gs://, azure-blob://), which LS can only resolve through its own server,
/// keep the task's value as it is.</summary>
internal static class ImageFileName
{
    public static string PathFor(JsonElement? imageValue)
    {
        var url = UrlOf(imageValue);
        return NeedsLabelStudio(url) ? url : $"images/{Md5Prefix(url)}__{BaseName(UrlPath(url))}";
    }

    /// <summary>Python's os.path.basename of <see cref="PathFor"/>.</summary>
    public static string FileNameFor(JsonElement? imageValue) => BaseName(PathFor(imageValue));

    /// <summary>Python's os.path.splitext(name)[0]: a leading dot does not start an extension.</summary>
    public static string WithoutExtension(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return dot > 0 && fileName[..dot].Any(c => c != '.') ? fileName[..dot] : fileName;
    }

    private static bool NeedsLabelStudio(string url) =>
        url.StartsWith("upload", StringComparison.Ordinal)
        || url.StartsWith("/upload", StringComparison.Ordinal)
        || url.StartsWith("/data/upload", StringComparison.Ordinal)
        || (url.StartsWith("/data/", StringComparison.Ordinal) && url.Contains("?d=", StringComparison.Ordinal))
        || url.StartsWith("/storage-data/uploaded", StringComparison.Ordinal)
        || url.StartsWith("s3:", StringComparison.Ordinal)
        || url.StartsWith("gs:", StringComparison.Ordinal)
        || url.StartsWith("azure-blob:", StringComparison.Ordinal);

    /// <summary>YOLO reads a list of images too; LS takes the last one it can resolve, which
    /// without downloading is the last one.</summary>
    private static string UrlOf(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString()!,
        { ValueKind: JsonValueKind.Array } list when list.GetArrayLength() > 0 => UrlOf(list[list.GetArrayLength() - 1]),
        { } other => other.ToString(),
        null => "",
    };

    private static string BaseName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The path part of a URL, as Python's urlparse(url).path.</summary>
    private static string UrlPath(string url)
    {
        var end = url.IndexOfAny(['?', '#']);
        var path = end >= 0 ? url[..end] : url;
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            return slash >= 0 ? path[slash..] : "";
        }

        return path;
    }

    private static string Md5Prefix(string url) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(url)))[..8];
}
