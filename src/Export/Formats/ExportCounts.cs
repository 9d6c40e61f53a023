namespace Labelit.Export.Formats;

internal sealed class ExportCounts
{
    public int Tasks { get; set; }

    public int Annotations { get; set; }
}
