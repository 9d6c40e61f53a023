using Microsoft.AspNetCore.WebUtilities;

namespace Labelit.Web.Proxy;

/// <summary>How much of Label Studio a person may use in a project they may enter.</summary>
public enum LabelStudioAccess { Annotator = 1, Manager = 2, Admin = 3 }

/// <summary>What the policy says of one request: refused (with a sentence why), or allowed, perhaps only on the person's own object.</summary>
public sealed record AccessDecision(string? Refusal, Ownership Own = Ownership.None, long? OwnedId = null);

/// <summary>
/// What each role may do inside LS, which itself has no roles (every signed-in member may change
/// settings, delete the project, read storages...). The rules are the table of every route LS
/// defines (LabelStudioRoutes.tsv, read from LS's own urls.py and views for the supported versions):
/// deny by default, so a path or method the table does not name is refused to everyone.
/// </summary>
public static class LabelStudioAccessPolicy
{
    public static IReadOnlyList<LabelStudioRoute> Routes { get; } = LabelStudioRouteTable.Load();
    private static readonly LabelStudioRouteIndex Index = new(Routes);

    /// <param name="query">The request's query string ("?id=next_task&amp;project=3"), for the rows that depend on it.</param>
    public static AccessDecision Decide(LabelStudioAccess access, string method, string path, string? query = null)
    {
        if (path.StartsWith("/user/", StringComparison.OrdinalIgnoreCase))
            return new("Labelit signs you in to Label Studio; its own sign-in, sign-up and sign-out pages are closed.");
        var candidates = Index.Candidates(path).ToList();
        var parameters = candidates.Any(r => r.HasQueryConditions) ? QueryHelpers.ParseQuery(query) : null;
        var route = candidates.Where(r => r.Matches(method, path, parameters)).MaxBy(r => r.Specificity);
        if (route is null || route.Access == RouteAccess.Closed || (int)access < (int)route.Access)
            return new(Explain(route?.Access));
        return access == LabelStudioAccess.Annotator && route.OwnedId(path) is { } id
            ? new(null, route.Own, id)
            : new(null);
    }

    private static string Explain(RouteAccess? needed) => needed switch
    {
        RouteAccess.Manager => "This part of Label Studio is for the project's manager and admins only.",
        RouteAccess.Admin => "This part of Label Studio is for Labelit's admins only.",
        _ => "Labelit keeps this part of Label Studio closed: it manages it itself, or Label Studio has no such page.",
    };
}
