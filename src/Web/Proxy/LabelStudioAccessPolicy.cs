using System.Text.RegularExpressions;

namespace Labelit.Web.Proxy;

/// <summary>How much of Label Studio a person may use in a project they may enter.</summary>
public enum LabelStudioAccess { Annotator = 1, Manager = 2, Admin = 3 }

/// <summary>
/// What each role may do inside LS, which itself has no roles (every signed-in member may change
/// settings, delete the project, read storages...). Deny by default: a request passes only when a rule
/// below names its path and method for the person's level or a lower one. Paths are LS's own, after
/// the proxy prefix is stripped.
/// </summary>
public static partial class LabelStudioAccessPolicy
{
    private const string Read = "GET HEAD";
    private const string Any = "GET HEAD POST PUT PATCH DELETE";

    private sealed record Rule(Regex Path, IReadOnlySet<string> Methods, LabelStudioAccess Level);

    private static readonly Rule[] Rules =
    [
        // Labelling: pages, the editor's assets, task data and media.
        Allow(@"^/$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/projects/?$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/projects/\d+/?$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/projects/\d+/data/?$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/(static|react-app|label-studio-frontend|dm|editor|favicon\.ico)(/.*)?$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/data/(upload|local-files)/.*$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/(health|api/version)/?$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/api/current-user/whoami/?$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/api/projects/?$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/api/projects/\d+/?$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/api/projects/\d+/next/?$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/api/tasks/?$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/api/tasks/\d+/?$", Read, LabelStudioAccess.Annotator),
        Allow(@"^/api/tasks/\d+/annotations/?$", "GET HEAD POST", LabelStudioAccess.Annotator),
        // Changing or deleting an annotation: the proxy also checks that it is the annotator's own.
        Allow(@"^/api/annotations/\d+/?$", "GET HEAD PATCH DELETE", LabelStudioAccess.Annotator),
        Allow(@"^/api/dm/.*$", Read, LabelStudioAccess.Annotator),

        // Project-level work, for the project's manager: settings, import, export, storages, webhooks.
        Allow(@"^/projects/\d+/.*$", Read, LabelStudioAccess.Manager),
        Allow(@"^/api/projects/\d+/?$", "PATCH", LabelStudioAccess.Manager),
        Allow(@"^/api/projects/validate/?$", "POST", LabelStudioAccess.Manager),
        Allow(@"^/api/projects/\d+/(import|export|exports|validate|summary|tasks|labels)(/.*)?$", Any, LabelStudioAccess.Manager),
        Allow(@"^/api/(tasks|annotations|predictions|dm|storages|webhooks|ml)(/.*)?$", Any, LabelStudioAccess.Manager),

        // Admins may use everything else too (users, organization, tokens, deleting the LS project).
        Allow(@"^/(?!user/).*$", Any, LabelStudioAccess.Admin),
    ];

    /// <summary>Whether the request may pass; when not, a sentence saying what was refused.</summary>
    public static string? Refusal(LabelStudioAccess access, string method, string path)
    {
        if (IsSignInPage(path))
        {
            return "Labelit signs you in to Label Studio; its own sign-in, sign-up and sign-out pages are closed.";
        }
        var allowed = Rules.Any(rule => access >= rule.Level && rule.Methods.Contains(method) && rule.Path.IsMatch(path));
        return allowed ? null : $"Labelit does not let {Describe(access)} {method} {path} in Label Studio.";
    }

    /// <summary>An annotation change that must be checked to be the person's own.</summary>
    public static long? AnnotationChange(string method, string path)
    {
        if (method is not ("PATCH" or "DELETE"))
        {
            return null;
        }
        var match = AnnotationPath().Match(path);
        return match.Success ? long.Parse(match.Groups[1].Value) : null;
    }

    private static bool IsSignInPage(string path) => path.StartsWith("/user/", StringComparison.OrdinalIgnoreCase);

    private static string Describe(LabelStudioAccess access) => access switch
    {
        LabelStudioAccess.Annotator => "annotators",
        LabelStudioAccess.Manager => "managers",
        _ => "anyone",
    };

    private static Rule Allow(string pattern, string methods, LabelStudioAccess level) =>
        new(new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            methods.Split(' ').ToHashSet(StringComparer.OrdinalIgnoreCase), level);

    [GeneratedRegex(@"^/api/annotations/(\d+)/?$")]
    private static partial Regex AnnotationPath();
}
