namespace Labelit.Web.Proxy;

/// <summary>Reads LabelStudioRoutes.tsv (embedded): path, methods, access, own, versions, why.</summary>
public static class LabelStudioRouteTable
{
    public const string ResourceName = "Labelit.Web.Proxy.LabelStudioRoutes.tsv";

    public static IReadOnlyList<LabelStudioRoute> Load()
    {
        using var stream = typeof(LabelStudioRouteTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The LS route table {ResourceName} is not embedded.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static IReadOnlyList<LabelStudioRoute> Parse(string table)
    {
        var routes = new List<LabelStudioRoute>();
        var lineNumber = 0;
        foreach (var line in table.Split('\n'))
        {
            lineNumber++;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
                continue;
            var columns = line.TrimEnd('\r').Split('\t');
            if (columns.Length < 6)
                throw new FormatException($"LS route table line {lineNumber}: expected 6 tab-separated columns, found {columns.Length}.");
            var methods = columns[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(m => m.ToUpperInvariant()).ToHashSet();
            if (methods.Contains("GET"))
                methods.Add("HEAD");
            routes.Add(new LabelStudioRoute(columns[0].Trim(), methods,
                Enum.TryParse<RouteAccess>(columns[2].Trim(), ignoreCase: true, out var access)
                    ? access : throw new FormatException($"LS route table line {lineNumber}: access '{columns[2]}' is none of annotator, manager, admin, closed."),
                columns[3].Trim() switch
                {
                    "-" or "" => Ownership.None,
                    "annotation" => Ownership.Annotation,
                    "draft" => Ownership.Draft,
                    var own => throw new FormatException($"LS route table line {lineNumber}: own '{own}' is none of -, annotation, draft."),
                },
                columns[4].Trim(), columns[5].Trim()));
        }
        return routes;
    }
}
