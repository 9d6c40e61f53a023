using System.Text;

namespace Labelit.Export.Import;

/// <summary>Reads a classification CSV: a header row, then one row per file with its class. The
/// file column is the first of image, file, file_name, filename, path, url, location; the label
/// column the first of label, class, choice, category; a two-column file without those names uses
/// its columns in that order.</summary>
internal sealed class CsvLabelReader(LabelTarget target, ParsedLabels parsed)
{
    private static readonly string[] FileColumns = ["image", "file", "file_name", "filename", "path", "url", "location"];
    private static readonly string[] LabelColumns = ["label", "class", "choice", "category", "choices"];

    public void Read(ImportFiles files)
    {
        var control = target.RequireChoices(LabelFormat.Csv);
        var csv = files.WithExtension(".csv").ToList() is { Count: > 0 } found ? found : files.Files.ToList();
        if (csv.Count != 1)
            throw new LabelImportException($"A CSV import is one .csv file; found {csv.Count}. Upload the CSV file on its own.");

        using var reader = new StreamReader(csv[0].Open(), Encoding.UTF8);
        var header = ReadRecord(reader) ?? throw new LabelImportException($"{csv[0].Name} is empty: expected a header row such as \"image,label\" and one row per file.");
        var names = header.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var fileColumn = FileColumns.Select(c => names.IndexOf(c)).FirstOrDefault(i => i >= 0, -1);
        var labelColumn = LabelColumns.Select(c => names.IndexOf(c)).FirstOrDefault(i => i >= 0, -1);
        if ((fileColumn < 0 || labelColumn < 0) && names.Count == 2)
            (fileColumn, labelColumn) = (0, 1);
        if (fileColumn < 0 || labelColumn < 0)
            throw new LabelImportException($"{csv[0].Name}'s header ({string.Join(", ", header)}) names no file column ({string.Join(", ", FileColumns)}) " +
                $"and label column ({string.Join(", ", LabelColumns)}). Rename the two columns, e.g. \"image,label\".");

        var mentioned = new HashSet<string>(StringComparer.Ordinal);
        var row = 1;
        while (ReadRecord(reader) is { } record)
        {
            row++;
            var where = $"{csv[0].Name} row {row}";
            if (record.Count == 1 && record[0].Length == 0)
                continue;
            if (record.Count <= Math.Max(fileColumn, labelColumn))
            {
                parsed.Problem(ProblemKind.Malformed, where, $"the row has {record.Count} columns, the header {header.Count}");
                continue;
            }

            var (file, label) = (record[fileColumn].Trim(), record[labelColumn].Trim());
            if (file.Length == 0)
            {
                parsed.Problem(ProblemKind.Malformed, where, "the file column is empty");
                continue;
            }

            mentioned.Add(file);
            if (!LabelTarget.Knows(control, label))
            {
                parsed.Problem(ProblemKind.UnknownLabel, where, $"the label \"{label}\" is not in the label config's <Choices name=\"{control.Name}\">");
                continue;
            }

            parsed.Add(new ImportedLabel(file, LabelShape.Choice, label));
        }

        parsed.FilesMentioned = mentioned.Count;
    }

    /// <summary>One CSV record (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks), or null at the end.</summary>
    private static List<string>? ReadRecord(TextReader reader)
    {
        if (reader.Peek() < 0)
            return null;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
                break;
            if (quoted)
            {
                if (c == '"' && reader.Peek() == '"')
                {
                    reader.Read();
                    field.Append('"');
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append((char)c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0)
                quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
                break;
            else if (c != '\r')
                field.Append((char)c);
        }

        fields.Add(field.ToString());
        return fields;
    }
}
