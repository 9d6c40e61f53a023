namespace Labelit.Export.Import;

/// <summary>Reads an import file (one file, a zip or a folder) of any <see cref="LabelFormat"/> into
/// labels shaped for the project's label config, and the problems of what it leaves out.</summary>
public static class LabelFileReader
{
    /// <exception cref="LabelImportException">The file cannot be read as <paramref name="format"/> at all, or the
    /// label config has no tag for that kind of label.</exception>
    public static async Task<ParsedLabels> ReadAsync(string path, LabelFormat format, LabelTarget target,
        ImportProblems? problems = null, CancellationToken cancellationToken = default)
    {
        var parsed = new ParsedLabels(format, problems ?? new ImportProblems());
        using var files = ImportFiles.Open(path);
        if (files.Files.Count == 0)
            throw new LabelImportException("The upload holds no files: choose the label file (or a zip of them) and upload it again.");
        switch (format)
        {
            case LabelFormat.Coco:
                new CocoReader(target, parsed).Read(files);
                break;
            case LabelFormat.Yolo:
                new YoloReader(target, parsed).Read(files);
                break;
            case LabelFormat.Voc:
                new VocReader(target, parsed).Read(files);
                break;
            case LabelFormat.Csv:
                new CsvLabelReader(target, parsed).Read(files);
                break;
            default:
                await new LabelStudioJsonReader(target, parsed).ReadAsync(files, cancellationToken);
                break;
        }

        return parsed;
    }
}
