using System.Globalization;

namespace Labelit.Export.Import;

/// <summary>Reads YOLO label files ("class x_centre y_centre width height", normalised to 0..1, one
/// box a line) with the class names of classes.txt. YOLO files name their image only by the label
/// file's name without extension, and do not give its size: the boxes carry percentages alone.</summary>
internal sealed class YoloReader(LabelTarget target, ParsedLabels parsed)
{
    public void Read(ImportFiles files)
    {
        var control = target.RequireBoxes(LabelFormat.Yolo);
        var classesFile = files.Files.FirstOrDefault(f => Path.GetFileName(f.Name).Equals("classes.txt", StringComparison.OrdinalIgnoreCase))
            ?? throw new LabelImportException("classes.txt is missing: YOLO labels name classes by number, and classes.txt (one class name a line, in number order) says which is which. Add it to the zip or folder.");
        var classes = ReadLines(classesFile).Select(l => l.Trim()).ToList();
        while (classes.Count > 0 && classes[^1].Length == 0)
            classes.RemoveAt(classes.Count - 1);

        var labelFiles = files.WithExtension(".txt").Where(f => f != classesFile).ToList();
        if (labelFiles.Count == 0)
            throw new LabelImportException("No label .txt files were found next to classes.txt: a YOLO import is a zip or folder with labels/<image name>.txt files.");
        parsed.FilesMentioned = labelFiles.Count;
        foreach (var file in labelFiles)
            ReadLabelFile(file, classes, control);
    }

    private void ReadLabelFile(ImportFile file, List<string> classes, Config.ControlTag control)
    {
        var image = ImageStem(file.Name);
        var lineNumber = 0;
        foreach (var line in ReadLines(file))
        {
            lineNumber++;
            var where = $"{file.Name} line {lineNumber}";
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
                continue;
            if (fields.Length != 5)
            {
                parsed.Problem(fields.Length > 5 ? ProblemKind.Unsupported : ProblemKind.Malformed, where, fields.Length > 5
                    ? "the line has more than 5 numbers (a polygon or keypoints): only boxes are imported from YOLO"
                    : "expected 5 values: class x_centre y_centre width height");
                continue;
            }

            if (!int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var classIndex)
                || !TryParse(fields[1], out var xc) || !TryParse(fields[2], out var yc) || !TryParse(fields[3], out var w) || !TryParse(fields[4], out var h))
            {
                parsed.Problem(ProblemKind.Malformed, where, $"\"{line.Trim()}\" is not a class number followed by four numbers");
                continue;
            }

            if (classIndex < 0 || classIndex >= classes.Count)
            {
                parsed.Problem(ProblemKind.UnknownLabel, where, $"class {classIndex} is not in classes.txt ({classes.Count} classes)");
                continue;
            }

            var label = classes[classIndex];
            if (!LabelTarget.Knows(control, label))
            {
                parsed.Problem(ProblemKind.UnknownLabel, where, $"the label \"{label}\" (class {classIndex}) is not in the label config's <RectangleLabels name=\"{control.Name}\">");
                continue;
            }

            var (x, y, width, height) = ((xc - w / 2) * 100, (yc - h / 2) * 100, w * 100, h * 100);
            if (LabelTarget.BoxProblem(x, y, width, height) is { } outside)
            {
                parsed.Problem(ProblemKind.OutsideImage, where, outside);
                continue;
            }

            parsed.Add(new ImportedLabel(image, LabelShape.Rectangle, label, x, y, width, height));
        }
    }

    /// <summary>"labels/cat.txt" names the image "cat" (any extension).</summary>
    private static string ImageStem(string name)
    {
        var withoutFolder = name.StartsWith("labels/", StringComparison.Ordinal) ? name["labels/".Length..] : name;
        return withoutFolder[..^".txt".Length];
    }

    private static bool TryParse(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static IEnumerable<string> ReadLines(ImportFile file)
    {
        using var reader = new StreamReader(file.Open());
        while (reader.ReadLine() is { } line)
            yield return line;
    }
}
