using Labelit.Export.Config;
using Labelit.Export.Formats;
using Labelit.Export.Input;

namespace Labelit.Export;

/// <summary>Converts Label Studio's raw JSON export into the format a project asked for, the way
/// LS's own converter (label-studio-sdk) does, reading and writing streams so memory stays flat
/// however many tasks the project has.</summary>
public static class ExportConverter
{
    /// <summary>Converts <paramref name="rawJson"/> (LS's JSON export: an array of tasks) into
    /// <paramref name="format"/>, written to <paramref name="output"/>. The output is a zip for
    /// COCO, VOC and YOLO. Neither stream is closed.</summary>
    /// <exception cref="ExportException">The input is not an LS JSON export, or the format is not
    /// available for this label config.</exception>
    public static Task<ExportResult> ConvertAsync(
        Stream rawJson, ExportFormat format, LabelConfig config, Stream output, CancellationToken cancellationToken = default) =>
        ConvertAsync(rawJson, format, config, output, new ExportOptions(), cancellationToken);

    public static async Task<ExportResult> ConvertAsync(
        Stream rawJson,
        ExportFormat format,
        LabelConfig config,
        Stream output,
        ExportOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawJson);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(output);
        EnsureAllowed(format, config);

        ExportCounts counts;
        if (format == ExportFormat.Json)
        {
            counts = options.Origins is { } origins
                ? await Provenance.ProvenanceJsonExporter.RunAsync(rawJson, output, origins, cancellationToken)
                : await JsonPassthroughExporter.RunAsync(rawJson, output, cancellationToken);
        }
        else if (format is ExportFormat.Csv or ExportFormat.Tsv)
        {
            await using var spooled = new SpooledTaskSource(rawJson, options.ResolveTempDirectory());
            counts = await Run(spooled, format, config, output, options, cancellationToken);
        }
        else
        {
            counts = await Run(new StreamTaskSource(rawJson), format, config, output, options, cancellationToken);
        }

        return new ExportResult(counts.Tasks, counts.Annotations, ExportFileInfo.For(format));
    }

    /// <summary>Runs a format over tasks from any source; CSV/TSV sources must be readable twice.</summary>
    internal static Task<ExportCounts> Run(
        ITaskSource source, ExportFormat format, LabelConfig config, Stream output, ExportOptions options,
        CancellationToken cancellationToken) => format switch
    {
        ExportFormat.JsonMin => new JsonMinExporter(config).RunAsync(source, output, cancellationToken),
        ExportFormat.Csv => new CsvExporter(config, ',').RunAsync(source, output, cancellationToken),
        ExportFormat.Tsv => new CsvExporter(config, '\t').RunAsync(source, output, cancellationToken),
        ExportFormat.Conll2003 => new ConllExporter(config).RunAsync(source, output, cancellationToken),
        ExportFormat.Coco => new CocoExporter(config, options).RunAsync(source, output, cancellationToken),
        ExportFormat.Voc => new VocExporter(config, options).RunAsync(source, output, cancellationToken),
        ExportFormat.Yolo => new YoloExporter(config, options).RunAsync(source, output, cancellationToken),
        _ => throw new ExportException($"{format.ToLabelStudioName()} cannot be converted from tasks."),
    };

    private static void EnsureAllowed(ExportFormat format, LabelConfig config)
    {
        if (!config.Allows(format))
        {
            throw new ExportException(
                $"The {format.ToLabelStudioName()} format is not available for this project's label config. " +
                $"Available formats: {string.Join(", ", config.AllowedFormats.Select(f => f.ToLabelStudioName()))}.");
        }
    }
}
