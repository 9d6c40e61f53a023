using System.Text.RegularExpressions;
using Labelit.Web.Proxy;

namespace Labelit.Web.Tests;

/// <summary>
/// The proxy's allow-list is the table of every route LS defines (src/Web/Proxy/LabelStudioRoutes.tsv).
/// These tests read the table and check the policy against it, and against what the team promised.
/// </summary>
public sealed partial class LabelStudioRoutePolicyTests
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly LabelStudioAccess[] Roles = [LabelStudioAccess.Annotator, LabelStudioAccess.Manager, LabelStudioAccess.Admin];

    [Fact]
    public void Every_route_in_the_table_has_methods_a_decision_versions_and_a_reason()
    {
        var routes = LabelStudioAccessPolicy.Routes;

        Assert.True(routes.Count > 50, $"only {routes.Count} routes: LS defines many more");
        Assert.All(routes, route =>
        {
            Assert.NotEmpty(route.Methods);
            Assert.True(Enum.IsDefined(route.Access), $"{route.Path}: no decision");
            Assert.False(string.IsNullOrWhiteSpace(route.Versions), $"{route.Path}: no versions");
            Assert.False(string.IsNullOrWhiteSpace(route.Why), $"{route.Path}: no reason");
        });
    }

    [Fact]
    public void A_table_row_without_a_decision_is_refused_at_load()
    {
        var error = Assert.Throws<FormatException>(() => LabelStudioRouteTable.Parse("/api/tasks/{int}/\tGET\t\t-\t1.8-1.20\tno decision\n"));
        Assert.Contains("access", error.Message);
    }

    [Fact]
    public void Each_role_gets_exactly_what_each_table_row_gives_it()
    {
        foreach (var route in LabelStudioAccessPolicy.Routes.Where(r => !r.Path.StartsWith("re:", StringComparison.Ordinal)))
        {
            var path = Example(route.Path);
            foreach (var method in route.Methods)
            {
                // Where a more specific row also matches this example, that row decides: checked on its own turn.
                var (examplePath, query) = SplitQuery(path);
                var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
                if (LabelStudioAccessPolicy.Routes.Any(other => other != route && other.Matches(method, examplePath, parameters) && other.Specificity > route.Specificity))
                    continue;
                foreach (var role in Roles)
                {
                    var expected = route.Access != RouteAccess.Closed && (int)role >= (int)route.Access && !path.StartsWith("/user/", StringComparison.Ordinal);
                    var decision = LabelStudioAccessPolicy.Decide(role, method, examplePath, query);
                    Assert.True(expected == (decision.Refusal is null), $"{role} {method} {path} (row {route.Path}): {decision.Refusal ?? "allowed"}");
                }
            }
        }
    }

    [Fact]
    public void The_index_offers_every_row_that_matches_an_example_of_every_row()
    {
        var index = new LabelStudioRouteIndex(LabelStudioAccessPolicy.Routes);
        foreach (var route in LabelStudioAccessPolicy.Routes.Where(r => !r.Path.StartsWith("re:", StringComparison.Ordinal)))
        {
            var (path, query) = SplitQuery(Example(route.Path));
            var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
            var matching = LabelStudioAccessPolicy.Routes.Where(r => route.Methods.Any(m => r.Matches(m, path, parameters)));
            Assert.All(matching, r => Assert.Contains(r, index.Candidates(path)));
        }
    }

    [Fact]
    public void Every_call_LS_s_labelling_UI_makes_is_allowed_to_annotators()
    {
        var calls = UiCalls().ToList();

        Assert.NotEmpty(calls);
        Assert.All(calls, call =>
        {
            var (path, query) = SplitQuery(call.Path);
            Assert.Null(LabelStudioAccessPolicy.Decide(LabelStudioAccess.Annotator, call.Method, path, query).Refusal);
        });
    }

    [Theory]
    [InlineData("PATCH", "/api/projects/3/")]
    [InlineData("DELETE", "/api/projects/3/")]
    [InlineData("POST", "/api/projects/3/import")]
    [InlineData("GET", "/api/projects/3/export")]
    [InlineData("POST", "/api/projects/3/exports/")]
    [InlineData("GET", "/api/storages/s3/")]
    [InlineData("POST", "/api/webhooks/")]
    [InlineData("POST", "/api/users/")]
    [InlineData("DELETE", "/api/users/4/")]
    [InlineData("GET", "/api/organizations/")]
    [InlineData("GET", "/api/invite")]
    [InlineData("POST", "/api/token/")]
    [InlineData("DELETE", "/api/tasks/9/")]
    [InlineData("POST", "/api/ml/")]
    [InlineData("GET", "/projects/3/settings")]
    [InlineData("GET", "/admin/")]
    [InlineData("GET", "/no/such/route/in/label/studio")]
    public void Annotators_still_get_nothing_of_settings_storages_import_export_webhooks_members_organization_or_tokens(string method, string path) =>
        Assert.NotNull(LabelStudioAccessPolicy.Decide(LabelStudioAccess.Annotator, method, path).Refusal);

    [Theory]
    [InlineData("POST", "/api/dm/views/")]
    [InlineData("PATCH", "/api/dm/views/5/")]
    [InlineData("GET", "/api/projects/3/next/")]
    [InlineData("GET", "/api/projects/3/label-stream-history/")]
    [InlineData("POST", "/api/tasks/9/drafts")]
    [InlineData("GET", "/api/users/")]
    [InlineData("GET", "/api/ml/")]
    [InlineData("GET", "/api/current-user/whoami")]
    public void Annotators_get_what_the_labelling_UI_needs(string method, string path) =>
        Assert.Null(LabelStudioAccessPolicy.Decide(LabelStudioAccess.Annotator, method, path).Refusal);

    [Theory]
    [InlineData("PATCH", "/api/annotations/12/", Ownership.Annotation, 12)]
    [InlineData("DELETE", "/api/annotations/12/", Ownership.Annotation, 12)]
    [InlineData("PATCH", "/api/drafts/7/", Ownership.Draft, 7)]
    [InlineData("DELETE", "/api/drafts/7/", Ownership.Draft, 7)]
    public void An_annotator_may_change_an_annotation_or_draft_only_as_its_author(string method, string path, Ownership own, long id)
    {
        var annotator = LabelStudioAccessPolicy.Decide(LabelStudioAccess.Annotator, method, path);
        var manager = LabelStudioAccessPolicy.Decide(LabelStudioAccess.Manager, method, path);

        Assert.Equal(new AccessDecision(null, own, id), annotator);
        Assert.Equal(new AccessDecision(null), manager);
    }

    [Theory]
    [InlineData("?id=next_task&project=3", true)]
    [InlineData("?id=delete_tasks&project=3", false)]
    [InlineData("?id=next_task&id=delete_tasks&project=3", false)] // Django would run the last id
    [InlineData("", false)]
    public void The_label_stream_s_next_task_action_is_the_only_Data_Manager_action_for_annotators(string query, bool allowed) =>
        Assert.Equal(allowed, LabelStudioAccessPolicy.Decide(LabelStudioAccess.Annotator, "POST", "/api/dm/actions", query).Refusal is null);

    private static (string Path, string Query) SplitQuery(string path) =>
        path.Contains('?') ? (path[..path.IndexOf('?')], path[path.IndexOf('?')..]) : (path, "");

    private static string Example(string pattern) =>
        pattern.Replace("{int}", "12").Replace("{str}", "abc").Replace("{path}", "a/b.png");

    private static IEnumerable<(string Method, string Path)> UiCalls()
    {
        using var stream = typeof(LabelStudioRouteTable).Assembly.GetManifestResourceStream(LabelStudioRouteTable.ResourceName)!;
        using var reader = new StreamReader(stream);
        foreach (Match match in UiCallLine().Matches(reader.ReadToEnd()))
            yield return (match.Groups[1].Value, Example(match.Groups[2].Value));
    }

    [GeneratedRegex(@"^#\s*ui-call\t(\S+)\t(\S+)", RegexOptions.Multiline)]
    private static partial Regex UiCallLine();
}
