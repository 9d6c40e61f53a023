using System.IO.Compression;

namespace Labelit.Export.Import;

/// <summary>The files of an import as one list, whether the user gave one file, a zip or a folder.
/// Each file is opened when it is read (a zip entry is decompressed as it streams), so a large
/// upload is never held in memory.</summary>
public sealed class ImportFiles : IDisposable
{
    private readonly ZipArchive? _zip;
    private readonly List<ImportFile> _files;

    private ImportFiles(ZipArchive? zip, List<ImportFile> files)
    {
        _zip = zip;
        _files = files;
    }

    public IReadOnlyList<ImportFile> Files => _files;

    /// <summary>Opens <paramref name="path"/>: a folder (its files, recursively), a zip (its entries) or one file.</summary>
    public static ImportFiles Open(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(f => new ImportFile(Path.GetRelativePath(path, f).Replace('\\', '/'), () => File.OpenRead(f)))
                .ToList();
            return new ImportFiles(null, files);
        }

        if (!File.Exists(path))
            throw new LabelImportException($"The import file {Path.GetFileName(path)} is missing: upload it again.");
        if (IsZip(path))
        {
            ZipArchive zip;
            try
            {
                zip = ZipFile.OpenRead(path);
            }
            catch (InvalidDataException e)
            {
                throw new LabelImportException($"The zip file cannot be read ({e.Message}): it may be truncated. Upload it again.", e);
            }

            var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/') && !IsMacResourceFork(e.FullName))
                .Select(e => new ImportFile(e.FullName, e.Open)).ToList();
            return new ImportFiles(zip, entries);
        }

        return new ImportFiles(null, [new ImportFile(Path.GetFileName(path), () => File.OpenRead(path))]);
    }

    /// <summary>The files whose name ends with <paramref name="extension"/> (e.g. ".xml"), in name order.</summary>
    public IEnumerable<ImportFile> WithExtension(string extension) =>
        _files.Where(f => f.Name.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    public void Dispose() => _zip?.Dispose();

    private static bool IsZip(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("PK\u0003\u0004"u8);
    }

    // Zips made by macOS's Finder carry __MACOSX/._name copies that are not label files.
    private static bool IsMacResourceFork(string name) =>
        name.StartsWith("__MACOSX/", StringComparison.Ordinal) || Path.GetFileName(name).StartsWith("._", StringComparison.Ordinal);
}

/// <summary>One file of an import, named by its path inside the zip or folder.</summary>
public sealed record ImportFile(string Name, Func<Stream> Open);
