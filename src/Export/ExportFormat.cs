namespace Labelit.Export;

/// <summary>The Label Studio export formats Labelit converts to (LS's names in comments).</summary>
public enum ExportFormat
{
    Json,       // JSON
    JsonMin,    // JSON_MIN
    Csv,        // CSV
    Tsv,        // TSV
    Conll2003,  // CONLL2003
    Coco,       // COCO
    Voc,        // VOC (Pascal VOC XML)
    Yolo,       // YOLO
}
