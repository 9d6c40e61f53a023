using System.Data;
using System.Text.Json;
using Dapper;
using Labelit.Export.Import;

namespace Labelit.Web.Datasets;

/// <summary>Reads label_imports.summary (jsonb, as text) straight into an <see cref="ImportSummary"/>.
/// Written as <c>JsonSerializer.Serialize(summary)</c>, read with the same default options.</summary>
internal sealed class ImportSummaryColumn : SqlMapper.TypeHandler<ImportSummary>
{
    public override ImportSummary? Parse(object value) => JsonSerializer.Deserialize<ImportSummary>((string)value);

    public override void SetValue(IDbDataParameter parameter, ImportSummary? value) =>
        parameter.Value = value is null ? DBNull.Value : JsonSerializer.Serialize(value);

    public static void Register() => SqlMapper.AddTypeHandler(new ImportSummaryColumn());
}
