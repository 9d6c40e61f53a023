using System.Text.Json;
using Labelit.Export.Formats.Images;

namespace Labelit.Export.Import;

/// <summary>Finds the task an import file means, by any name a labelling tool gives an image: its
/// storage location, a trailing part of its path (a/cat.jpg), its file name (cat.jpg), or its
/// file name without extension (YOLO's cat). The names LS's own exports write for the task
/// (images/1a2b3c4d__cat.jpg) are known too, so Labelit's and LS's exports import back.
/// A name shared by several tasks matches none of them: the user is told to give the path.</summary>
public sealed class TaskIndex
{
    private const long Ambiguous = long.MinValue;

    private readonly Dictionary<string, long> _byPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byStem = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public static TaskIndex From(IEnumerable<TaskCandidate> tasks)
    {
        var index = new TaskIndex();
        foreach (var task in tasks)
            index.Add(task);
        return index;
    }

    public void Add(TaskCandidate task)
    {
        Count++;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in new[] { task.Location, task.DataUrl })
        {
            if (string.IsNullOrEmpty(name))
                continue;
            names.Add(name);
            foreach (var suffix in PathSuffixes(WithoutScheme(WithoutQuery(name))))
                names.Add(suffix);
        }

        if (!string.IsNullOrEmpty(task.DataUrl))
        {
            var exported = ImageFileName.PathFor(JsonSerializer.SerializeToElement(task.DataUrl));
            names.Add(exported);
            names.Add(FileName(exported));
        }

        foreach (var name in names)
        {
            Put(_byPath, name, task.Key);
            if (FileName(name) == name)
                Put(_byStem, Stem(name), task.Key);
        }
    }

    /// <summary>The task's key, or null with the reason nothing (or more than one task) matched.</summary>
    /// <param name="extensionless">The reference never has an extension (YOLO names images by label file).</param>
    public long? Find(string reference, bool extensionless, out string? problem)
    {
        problem = null;
        var name = Normalize(reference);
        var ambiguous = false;
        foreach (var candidate in new[] { name, WithoutScheme(name), FileName(name), WithoutExportPrefix(FileName(name)) }.Distinct())
        {
            if (_byPath.TryGetValue(candidate, out var key))
            {
                if (key != Ambiguous)
                    return key;
                ambiguous = true;
            }
        }

        var fileName = WithoutExportPrefix(FileName(name));
        if (!ambiguous && (extensionless || Stem(fileName) == fileName) && _byStem.TryGetValue(Stem(fileName), out var byStem))
        {
            if (byStem != Ambiguous)
                return byStem;
            ambiguous = true;
        }

        problem = ambiguous
            ? $"{reference} matches several tasks (the same file name in different folders): give its storage path instead"
            : $"{reference} matches no task of the project's dataset";
        return null;
    }

    private static void Put(Dictionary<string, long> names, string name, long key)
    {
        if (!names.TryAdd(name, key) && names[name] != key)
            names[name] = Ambiguous;
    }

    private static string Normalize(string reference)
    {
        var name = reference.Trim().Replace('\\', '/');
        while (name.StartsWith("./", StringComparison.Ordinal))
            name = name[2..];
        return name;
    }

    /// <summary>"a/b/cat.jpg" gives a/b/cat.jpg, b/cat.jpg and cat.jpg.</summary>
    private static IEnumerable<string> PathSuffixes(string path)
    {
        var trimmed = path.Trim('/');
        for (var start = 0; start < trimmed.Length;)
        {
            yield return Uri.UnescapeDataString(trimmed[start..]);
            var slash = trimmed.IndexOf('/', start);
            if (slash < 0)
                yield break;
            start = slash + 1;
        }
    }

    /// <summary>s3://bucket/a/cat.jpg is also known as bucket/a/cat.jpg (and its suffixes).</summary>
    private static string WithoutScheme(string name)
    {
        var scheme = name.IndexOf("://", StringComparison.Ordinal);
        return scheme > 0 ? name[(scheme + 3)..] : name;
    }

    private static string WithoutQuery(string name)
    {
        var end = name.IndexOfAny(['?', '#']);
        return end >= 0 ? name[..end] : name;
    }

    /// <summary>
    /// LS's exports name an image "1a2b3c4d__cat.jpg", the prefix a hash of the task's URL. Another
    /// project's tasks (a new project on the same files) have other URLs, so only "cat.jpg" can find them.
    /// </summary>
    private static string WithoutExportPrefix(string fileName) =>
        fileName.Length > 10 && fileName[8] == '_' && fileName[9] == '_' && fileName.AsSpan(0, 8).ContainsAnyExcept("0123456789abcdef")
            is false ? fileName[10..] : fileName;

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string Stem(string fileName) => ImageFileName.WithoutExtension(fileName);
}
