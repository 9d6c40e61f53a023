using System.Security.Cryptography;
using System.Text.Json;

namespace Labelit.Worker.Backups;

/// <summary>Reads a raw LS JSON export (an array of tasks) from disk one task at a time.</summary>
public static class RawExportFile
{
    /// <summary>Task and annotation counts; throws when the file is not a whole JSON array (e.g. a cut-off download).</summary>
    public static async Task<(int Tasks, int Annotations)> CountAsync(string file, CancellationToken cancellationToken)
    {
        var tasks = 0;
        var annotations = 0;
        await foreach (var task in ReadTasksAsync(file, cancellationToken))
        {
            tasks++;
            if (task.TryGetProperty("annotations", out var list) && list.ValueKind == JsonValueKind.Array)
                annotations += list.GetArrayLength();
        }
        return (tasks, annotations);
    }

    public static async IAsyncEnumerable<JsonElement> ReadTasksAsync(string file,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await foreach (var task in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken))
        {
            if (task.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{Path.GetFileName(file)} holds something other than tasks.");
            yield return task;
        }
    }

    public static async Task<BackupFile> DescribeAsync(string folder, string relativePath, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, relativePath);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return new BackupFile(relativePath.Replace(Path.DirectorySeparatorChar, '/'), stream.Length, Convert.ToHexStringLower(hash));
    }
}
