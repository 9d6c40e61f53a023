namespace Labelit.Export.Config;

/// <summary>A tag that shows task data, e.g. <c>&lt;Image name="image" value="$image"/&gt;</c>.</summary>
/// <param name="Name">The tag's name, what control tags point to with toName.</param>
/// <param name="Type">The XML element name: Image, Text, Audio, ...</param>
/// <param name="DataKey">The task data key it reads (value without the leading $).</param>
/// <param name="IsUrlText">A Text tag with valueType="url", which LS leaves out of format checks.</param>
public sealed record ObjectTag(string Name, string Type, string DataKey, bool IsUrlText);
