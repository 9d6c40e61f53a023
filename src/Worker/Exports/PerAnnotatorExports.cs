using System.Globalization;
using System.Text;
using Dapper;
using Labelit.Export;
using Labelit.Export.Config;
using Npgsql;

namespace Labelit.Worker.Exports;

/// <summary>
/// The per-annotator files of an export run (export setting "one file per annotator"): LS's raw JSON split
/// by author, each share converted to every format of the run like the whole project, and named after the
/// person (<c>&lt;slug&gt;-&lt;FORMAT&gt;-&lt;name&gt;.&lt;ext&gt;</c>). Only Labelit's people get a file: annotations by
/// LS's own admin (imported labels) are in the whole project's files alone.
/// </summary>
public sealed class PerAnnotatorExports(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<ExportedFile>> WriteAsync(long projectId, string slug, string rawJson, IReadOnlyList<ExportFormat> formats,
        LabelConfig config, string stagingFolder, Labelit.Export.ExportOptions options, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), $"labelit-export-annotators-{Guid.NewGuid():N}");
        try
        {
            IReadOnlyList<AnnotatorShare> shares;
            await using (var input = File.OpenRead(rawJson))
                shares = await AnnotatorSplit.SplitAsync(input, work, cancellationToken);
            var names = await FileNamesAsync(projectId, shares.Select(s => s.LsUserId), cancellationToken);
            var files = new List<ExportedFile>();
            foreach (var share in shares.Where(s => names.ContainsKey(s.LsUserId)))
            {
                foreach (var format in formats)
                {
                    var name = $"{slug}-{format.ToLabelStudioName()}-{names[share.LsUserId]}{ExportFileInfo.For(format).Extension}";
                    var path = Path.Combine(stagingFolder, name);
                    await using (var source = File.OpenRead(share.RawJsonPath))
                    await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                        await ExportConverter.ConvertAsync(source, format, config, output, options, cancellationToken);
                    files.Add(new ExportedFile(name, format.ToLabelStudioName(), new FileInfo(path).Length));
                }
            }
            return files;
        }
        finally
        {
            if (Directory.Exists(work))
                Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Each LS author's Labelit person as a file-name part ("ada-lovelace"); a name two people share gets a number.</summary>
    private async Task<Dictionary<long, string>> FileNamesAsync(long projectId, IEnumerable<long> lsUserIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var people = await connection.QueryAsync<(int LsUserId, long UserId, string Name)>(new CommandDefinition("""
            SELECT DISTINCT ON (acc.ls_user_id) acc.ls_user_id, u.id, u.display_name
            FROM ls_accounts acc JOIN users u ON u.id = acc.user_id
            WHERE acc.project_id = @projectId AND acc.ls_user_id = ANY(@ids)
            ORDER BY acc.ls_user_id, acc.created_at DESC
            """, new { projectId, ids = lsUserIds.Select(id => (int)id).ToArray() }, cancellationToken: cancellationToken));
        var names = new Dictionary<long, string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var person in people.OrderBy(p => p.UserId))
        {
            var name = FileNamePart(person.Name, person.UserId);
            for (var n = 2; !used.Add(name); n++)
                name = $"{FileNamePart(person.Name, person.UserId)}-{n.ToString(CultureInfo.InvariantCulture)}";
            names[person.LsUserId] = name;
        }
        return names;
    }

    /// <summary>"Zoë O'Neil" becomes "zoe-o-neil": letters and digits of the name, safe in any file system and URL.</summary>
    internal static string FileNamePart(string displayName, long userId)
    {
        var text = new StringBuilder();
        foreach (var c in displayName.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
                text.Append(char.ToLowerInvariant(c));
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && text.Length > 0 && text[^1] != '-')
                text.Append('-');
        }
        var part = text.ToString().Trim('-');
        return part.Length == 0 ? $"person-{userId.ToString(CultureInfo.InvariantCulture)}" : part[..Math.Min(part.Length, 60)].TrimEnd('-');
    }
}
