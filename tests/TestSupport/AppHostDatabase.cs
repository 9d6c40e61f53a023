using Npgsql;

namespace Labelit.TestSupport;

/// <summary>The database of an AppHost run, found from its data folder (port and generated password).</summary>
public static class AppHostDatabase
{
    public static string ConnectionString(string dataDirectory)
    {
        var cluster = Path.Combine(dataDirectory, "postgres");
        var port = File.ReadLines(Path.Combine(cluster, "data", "postmaster.pid")).ElementAt(3);
        var password = File.ReadAllText(Path.Combine(cluster, "superuser.password")).Trim();
        return new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = int.Parse(port), Username = "postgres", Password = password, Database = "labelit" }.ConnectionString;
    }
}
