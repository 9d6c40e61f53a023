namespace Labelit.Export.Config;

/// <summary>What conversion needs to know about a project's LS label config.</summary>
public sealed class LabelConfig
{
    internal LabelConfig(IReadOnlyList<ObjectTag> objectTags, IReadOnlyList<ControlTag> controlTags)
    {
        ObjectTags = objectTags;
        ControlTags = controlTags;
        DataKeys = controlTags.SelectMany(c => c.Inputs).Select(i => i.DataKey).Distinct().ToList();
        AllowedFormats = FormatAvailability.For(this);
        ControlsByName = controlTags.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>Parses an LS label config.</summary>
    /// <exception cref="LabelConfigException">Empty or not well-formed XML.</exception>
    public static LabelConfig Parse(string labelConfigXml) => LabelConfigParser.Parse(labelConfigXml);

    public IReadOnlyList<ObjectTag> ObjectTags { get; }

    public IReadOnlyList<ControlTag> ControlTags { get; }

    /// <summary>Task data keys read by object tags that some control tag labels.</summary>
    public IReadOnlyList<string> DataKeys { get; }

    /// <summary>Formats LS offers for this config (its Converter._get_supported_formats).</summary>
    public IReadOnlyList<ExportFormat> AllowedFormats { get; }

    public bool Allows(ExportFormat format) => AllowedFormats.Contains(format);

    internal IReadOnlyDictionary<string, ControlTag> ControlsByName { get; }

    /// <summary>The one data key image and text formats read; they are only allowed with one.</summary>
    internal string? SingleDataKey => DataKeys.Count == 1 ? DataKeys[0] : null;
}
