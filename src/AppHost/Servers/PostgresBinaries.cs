namespace Labelit.AppHost.Servers;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl), which Debian keeps off PATH.</summary>
internal static class PostgresBinaries
{
    public static string? Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServerPrograms(configured) ? configured : throw new ServersUnavailableException(
                $"AppHost:PostgresBinDirectory is '{configured}', but initdb and pg_ctl are not there.");
        }

        // Debian/Ubuntu: /usr/lib/postgresql/<major>/bin; RHEL/Fedora: /usr/pgsql-<major>/bin. Newest first.
        var candidates = Directories("/usr/lib/postgresql", "*", "bin")
            .Concat(Directories("/usr", "pgsql-*", "bin"))
            .OrderByDescending(MajorVersion)
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(HasServerPrograms);
    }

    private static IEnumerable<string> Directories(string root, string pattern, string child) =>
        Directory.Exists(root)
            ? Directory.GetDirectories(root, pattern).Select(dir => Path.Combine(dir, child))
            : [];

    private static int MajorVersion(string binDirectory)
    {
        var name = Path.GetFileName(Path.GetDirectoryName(binDirectory)) ?? "";
        return int.TryParse(new string(name.Where(char.IsDigit).ToArray()), out var major) ? major : 0;
    }

    private static bool HasServerPrograms(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));
}
