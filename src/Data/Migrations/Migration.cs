using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Labelit.Data.Migrations;

/// <summary>One versioned schema script: <c>0001_users.sql</c> is version 1, named "users".</summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    /// <summary>Detects a script edited after it was applied somewhere, which would fork schemas.</summary>
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    public static Migration Parse(string fileName, string sql)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Migration file '{fileName}' must be named NNNN_name.sql.");
        }
        return new Migration(int.Parse(match.Groups[1].Value), match.Groups[2].Value, sql);
    }

    /// <summary>The scripts embedded in an assembly under <c>migrations/</c>, in version order.</summary>
    public static IReadOnlyList<Migration> FromAssembly(Assembly assembly)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("migrations/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(Parse(resource["migrations/".Length..], reader.ReadToEnd()));
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}.");
        }
        return migrations.OrderBy(m => m.Version).ToList();
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
