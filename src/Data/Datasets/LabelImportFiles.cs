using Microsoft.Extensions.Configuration;

namespace Labelit.Data.Datasets;

/// <summary>
/// Label files uploaded for import. Web keeps a checked upload under
/// <c>&lt;Labelit:DataDirectory&gt;/label-imports/pending-&lt;token&gt;/</c> until the user confirms the
/// import, then moves it to <c>run-&lt;id&gt;/</c>, where the Worker reads it; the folder goes when
/// the run ends.
/// </summary>
public sealed class LabelImportFiles(IConfiguration configuration)
{
    public string Root { get; } = Path.GetFullPath(Path.Combine(configuration["Labelit:DataDirectory"] ?? ".labelit", "label-imports"));

    public string PendingFolder(Guid token) => Path.Combine(Root, $"pending-{token:N}");

    public string RunFolder(long runId) => Path.Combine(Root, $"run-{runId}");

    /// <summary>The one file in <paramref name="folder"/>, or null when it is gone.</summary>
    public static string? FileIn(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder).FirstOrDefault(f => !Path.GetFileName(f).StartsWith('.')) : null;

    /// <summary>Saves an upload (under a temporary name, then renamed: a half-written file is never read).</summary>
    public async Task<string> SavePendingAsync(Guid token, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(PendingFolder(token)).FullName;
        var safeName = SafeName(fileName);
        var temporary = Path.Combine(folder, $".{Guid.NewGuid():N}.part");
        try
        {
            await using (var file = File.Create(temporary))
                await content.CopyToAsync(file, cancellationToken);
            var path = Path.Combine(folder, safeName);
            File.Move(temporary, path, overwrite: true);
            return path;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Uploads checked but never imported go after a day.</summary>
    public void DropStalePending(TimeSpan olderThan)
    {
        if (!Directory.Exists(Root))
            return;
        foreach (var folder in Directory.EnumerateDirectories(Root, "pending-*"))
        {
            if (Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow - olderThan)
                Delete(folder);
        }
    }

    /// <summary>Hands a checked upload to its run.</summary>
    public void MoveToRun(Guid token, long runId) => Directory.Move(PendingFolder(token), RunFolder(runId));

    public static void Delete(string folder)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    /// <summary>The upload's own name when it is a plain file name (the format readers look at its extension), else a neutral one.</summary>
    private static string SafeName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        if (name.Length is > 0 and <= 200 && !name.StartsWith('.') && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && !name.Any(char.IsControl))
            return name;
        var extension = Path.GetExtension(name).ToLowerInvariant();
        return extension.Length is > 1 and <= 10 && extension[1..].All(char.IsAsciiLetterOrDigit) ? "labels" + extension : "labels";
    }
}
