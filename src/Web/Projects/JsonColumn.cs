using System.Data;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Labelit.Web.Projects;

/// <summary>Maps a record to and from a jsonb column.</summary>
public sealed class JsonColumn<T> : SqlMapper.TypeHandler<T> where T : new()
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public override T Parse(object value) => JsonSerializer.Deserialize<T>((string)value, Options) ?? new T();

    public override void SetValue(IDbDataParameter parameter, T? value)
    {
        parameter.Value = JsonSerializer.Serialize(value ?? new T(), Options);
        ((NpgsqlParameter)parameter).NpgsqlDbType = NpgsqlDbType.Jsonb;
    }

    public static void Register() => SqlMapper.AddTypeHandler(new JsonColumn<T>());
}
