using Labelit.Plugins;
using Microsoft.Extensions.Configuration;

namespace Labelit.Data.Datasets;

/// <summary>
/// Files a manager uploads into a project's dataset. They live under
/// <c>&lt;Labelit:DataDirectory&gt;/uploads/project-&lt;id&gt;/</c> and are synced like a storage
/// location named <c>upload://project-&lt;id&gt;/</c>, read by <see cref="UploadsBackend"/>.
/// </summary>
public sealed class UploadedFiles(IConfiguration configuration)
{
    public const string Scheme = "upload";
    public const int MaximumNameLength = 200;

    public string Root { get; } = Path.GetFullPath(Path.Combine(configuration["Labelit:DataDirectory"] ?? ".labelit", "uploads"));

    public static string LocationOf(long projectId) => $"{Scheme}://project-{projectId}/";

    public string FolderOf(long projectId) => Path.Combine(Root, $"project-{projectId}");

    public bool HasFiles(long projectId) =>
        Directory.Exists(FolderOf(projectId)) && Directory.EnumerateFiles(FolderOf(projectId)).Any(f => !Path.GetFileName(f).StartsWith('.'));

    public IStorageBackend Backend() => new UploadsBackend(Root);

    /// <summary>Why <paramref name="name"/> cannot be an uploaded file's name, or null when it can.</summary>
    public static string? NameProblem(string name) =>
        name.Length == 0 || name.Length > MaximumNameLength ? $"A file name must have 1 to {MaximumNameLength} characters."
        : name.StartsWith('.') ? $"\"{name}\": file names may not start with a dot."
        : name.IndexOfAny([.. Path.GetInvalidFileNameChars(), '\\']) >= 0 || name.Any(char.IsControl) ? $"\"{name}\" has characters a file name may not have."
        : null;

    /// <summary>Stores one file under a temporary name, then renames it, so a sync never sees half a file.</summary>
    public async Task SaveAsync(long projectId, string name, Stream content, CancellationToken cancellationToken)
    {
        if (NameProblem(name) is { } problem)
            throw new ArgumentException(problem, nameof(name));
        var folder = Directory.CreateDirectory(FolderOf(projectId)).FullName;
        var temporary = Path.Combine(folder, $".{Guid.NewGuid():N}.part");
        try
        {
            await using (var file = File.Create(temporary))
                await content.CopyToAsync(file, cancellationToken);
            File.Move(temporary, Path.Combine(folder, name), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
