using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Labelit.Export.Formats.Images;

/// <summary>The file name LS gives a task's image in COCO (file_name), YOLO (label file name)
/// and VOC (filename, xml name) exports. LS names images by where its downloader would cache
/// them: "&lt;first 8 hex digits of md5(url)&gt;__&lt;file name&gt;", except for files LS
/// finds on its own disk (uploads, local storage), which keep their name.</summary>
internal static class ImageFileName
{
    public static string For(JsonElement? imageValue)
    {
        var url = UrlOf(imageValue);
        if (url.StartsWith("upload", StringComparison.Ordinal) || url.StartsWith("/upload", StringComparison.Ordinal))
        {
            url = "/data" + (url.StartsWith('/') ? "" : "/") + url;
        }

        if (url.StartsWith("/data/upload", StringComparison.Ordinal))
        {
            return BaseName(url);
        }

        var localFilesQuery = url.IndexOf("?d=", StringComparison.Ordinal);
        if (url.StartsWith("/data/", StringComparison.Ordinal) && localFilesQuery >= 0)
        {
            return BaseName(url[(localFilesQuery + 3)..]);
        }

        var isCloud = url.StartsWith("s3:", StringComparison.Ordinal)
            || url.StartsWith("gs:", StringComparison.Ordinal)
            || url.StartsWith("azure-blob:", StringComparison.Ordinal);
        var name = isCloud ? BaseName(url) : BaseName(UrlPath(url));
        return $"{Md5Prefix(url)}__{name}";
    }

    /// <summary>Python's os.path.splitext(name)[0]: a leading dot does not start an extension.</summary>
    public static string WithoutExtension(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return dot > 0 && fileName[..dot].Any(c => c != '.') ? fileName[..dot] : fileName;
    }

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
