namespace Labelit.Export.Items;

/// <summary>All results of one control tag (from_name) within one annotation.</summary>
internal sealed class ItemOutput(string fromName)
{
    public string FromName { get; } = fromName;

    public List<ResultValue> Values { get; } = [];
}
