using System.Net;
using System.Text;
using Labelit.TestSupport;
using Labelit.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Labelit.Web.Tests;

/// <summary>
/// Every route the app maps (read from its endpoint data source) x every kind of caller -> the status
/// that caller must get. A route added without an entry here, or without an explicit authorization
/// attribute, fails the test.
/// </summary>
public sealed class AuthorizationMatrixTests(WebAppFixture app, ITestOutputHelper output) : IClassFixture<WebAppFixture>
{
    private enum Caller { Anonymous, AnnotatorAssigned, AnnotatorOther, ManagerOwner, ManagerOther, Admin, Deactivated }

    private static readonly Caller[] SignedIn = [Caller.AnnotatorAssigned, Caller.AnnotatorOther, Caller.ManagerOwner, Caller.ManagerOther, Caller.Admin];
    private static readonly Caller[] ProjectViewers = [Caller.AnnotatorAssigned, Caller.ManagerOwner, Caller.Admin];
    private static readonly Caller[] ProjectManagers = [Caller.ManagerOwner, Caller.Admin];
    private static readonly Caller[] Managers = [Caller.ManagerOwner, Caller.ManagerOther, Caller.Admin];
    private static readonly Caller[] Admins = [Caller.Admin];

    /// <summary>A route to probe: what to send, and the status for callers who pass (the others get 403).</summary>
    private sealed record Probe(string Method, string Pattern, string Url, Caller[] Allowed, int AllowedStatus, string? Body = null, bool Public = false,
        Dictionary<string, string>? Form = null);

    private List<Probe> Pages() =>
    [
        new("GET", "/", "/", SignedIn, 200),
        new("GET", "/Index", "/Index", SignedIn, 200),
        new("GET", "/account/sign-in", "/account/sign-in", [], 200, Public: true),
        new("GET", "/account/sign-out", "/account/sign-out", [], 302, Public: true),
        // The matrix's Web has no provider set up: its "Sign in with ..." start is "not found".
        new("GET", "/account/sign-in/provider", "/account/sign-in/provider", [], 404, Public: true),
        new("GET", "/account/sign-in/refused", "/account/sign-in/refused?reason=Expired", [], 403, Public: true),
        // An invitation link nobody was given: "gone", whoever asks.
        new("GET", "/invite/{token}", "/invite/no-such-token", [], 410, Public: true),
        new("GET", "/invitations", "/invitations", Managers, 200),
        new("GET", "/status/{code:int}", "/status/404", [], 200, Public: true),
        new("GET", "/projects", "/projects", SignedIn, 200),
        new("GET", "/projects/new", "/projects/new", Managers, 200),
        new("GET", "/projects/{id:long}", $"/projects/{app.Project.Id}", ProjectViewers, 200),
        new("GET", "/projects/{id:long}/edit", $"/projects/{app.Project.Id}/edit", ProjectManagers, 200),
        new("GET", "/projects/{id:long}/delete", $"/projects/{app.Project.Id}/delete", ProjectManagers, 200),
        new("GET", "/projects/{id:long}/dataset", $"/projects/{app.Project.Id}/dataset", ProjectManagers, 200),
        new("GET", "/projects/{id:long}/dataset/labels", $"/projects/{app.Project.Id}/dataset/labels", ProjectManagers, 200),
        // Named reviewers too (ReviewPageTests); nobody is named in this fixture.
        new("GET", "/projects/{id:long}/review", $"/projects/{app.Project.Id}/review", ProjectManagers, 200),
        // Dataset media: the matrix's project has no objects, so those let in get "not found".
        new("GET", "/projects/{slug}/media/{id:long}/{**name}", $"/projects/{app.Project.Slug}/media/1/cat.jpg", ProjectViewers, 404),
        // "Export now" is a POST; a GET only sends its managers back to the project page.
        new("GET", "/projects/{id:long}/exports/run", $"/projects/{app.Project.Id}/exports/run", ProjectManagers, 302),
        // The matrix's database holds no export run: viewers get past the project check to "not found".
        new("GET", "/projects/{id:long}/exports/{runId:long}/{file}", $"/projects/{app.Project.Id}/exports/1/export.json", ProjectViewers, 404),
        new("GET", "/projects/{slug}/{view:regex(^(tasks|label)$)}", $"/projects/{app.Project.Slug}/tasks", ProjectViewers, 200),
        new("GET", "/users", "/users", Admins, 200),
        new("GET", "/users/new", "/users/new", Admins, 200),
        new("GET", "/users/{id:long}", $"/users/{app.AnnotatorOther.Id}", Admins, 200),
        new("GET", "/audit", "/audit", Admins, 200),
        new("GET", "/admin/storage", "/admin/storage", Admins, 200),
        new("GET", "/admin/storage/connections", "/admin/storage/connections", Admins, 200),
        // Hangfire's dashboard over the Workers' Redis (no Worker here: an empty dashboard).
        new("GET", "/admin/jobs/{**path}", "/admin/jobs/recurring", Admins, 200),
        new("GET", "/admin/storage/connections/new", "/admin/storage/connections/new", Admins, 200),
        // The matrix's database holds no storage connection: admins get past the role check to "not found".
        new("GET", "/admin/storage/connections/{id:long}", "/admin/storage/connections/1", Admins, 404),
        new("GET", "/admin/storage/connections/{id:long}/delete", "/admin/storage/connections/1/delete", Admins, 404),
        new("GET", "/account/tokens", "/account/tokens", SignedIn, 200),
        new("GET", "/health", "/health", [], 200, Public: true),
        new("GET", "/alive", "/alive", [], 200, Public: true),
        new("GET", "/openapi/{documentName}.json", "/openapi/v1.json", [], 200, Public: true),
        // The Label Studio proxy: who may enter is checked here; no instance runs, so those let in see "Starting" (503).
        new("GET", "/projects/{slug}/ls/{**path}", $"/projects/{app.Project.Slug}/ls/", ProjectViewers, 503),
    ];

    private List<Probe> Api()
    {
        var project = $"/api/v1/projects/{app.Project.Id}";
        return
        [
            new("GET", "/api/v1/me", "/api/v1/me", SignedIn, 200),
            new("GET", "/api/v1/projects/", "/api/v1/projects/", SignedIn, 200),
            new("POST", "/api/v1/projects/", "/api/v1/projects/", Managers, 400, "{}"),
            new("GET", "/api/v1/projects/{id:long}", project, ProjectViewers, 200),
            new("PUT", "/api/v1/projects/{id:long}", project, ProjectManagers, 400, "{}"),
            // A stale version: allowed callers get 409 and nothing is deleted.
            new("DELETE", "/api/v1/projects/{id:long}", project + "?version=999", ProjectManagers, 409),
            new("GET", "/api/v1/projects/{id:long}/annotators", project + "/annotators", ProjectViewers, 200),
            new("GET", "/api/v1/projects/{id:long}/progress", project + "/progress", ProjectViewers, 200),
            // Assigning someone already assigned changes nothing.
            new("PUT", "/api/v1/projects/{id:long}/annotators/{userId:long}", $"{project}/annotators/{app.AnnotatorAssigned.Id}", ProjectManagers, 204),
            // Unassigning someone not assigned changes nothing.
            new("DELETE", "/api/v1/projects/{id:long}/annotators/{userId:long}", $"{project}/annotators/{app.AnnotatorOther.Id}", ProjectManagers, 404),
            new("GET", "/api/v1/projects/{id:long}/dataset/", $"{project}/dataset/", ProjectManagers, 200),
            new("GET", "/api/v1/projects/{id:long}/dataset/syncs", $"{project}/dataset/syncs", ProjectManagers, 200),
            // The matrix's project has no storage locations, and so no sync to start or cancel.
            new("POST", "/api/v1/projects/{id:long}/dataset/syncs", $"{project}/dataset/syncs", ProjectManagers, 409, "{}"),
            new("POST", "/api/v1/projects/{id:long}/dataset/syncs/cancel", $"{project}/dataset/syncs/cancel", ProjectManagers, 409, "{}"),
            // No format and no file: allowed callers are told what to send, and nothing is stored.
            new("POST", "/api/v1/projects/{id:long}/dataset/labels/", $"{project}/dataset/labels/", ProjectManagers, 400, "{}"),
            new("GET", "/api/v1/projects/{id:long}/dataset/labels/", $"{project}/dataset/labels/", ProjectManagers, 200),
            // The matrix's database holds no label import: those let in get "not found".
            new("GET", "/api/v1/projects/{id:long}/dataset/labels/{importId:long}", $"{project}/dataset/labels/1", ProjectManagers, 404),
            new("GET", "/api/v1/projects/{id:long}/distribution/", $"{project}/distribution/", ProjectManagers, 200),
            // An unknown mode: allowed callers are told the two modes, and nothing is stored.
            new("PUT", "/api/v1/projects/{id:long}/distribution/", $"{project}/distribution/", ProjectManagers, 400, "{\"mode\":\"random\"}"),
            new("GET", "/api/v1/projects/{id:long}/reviewers", $"{project}/reviewers", ProjectManagers, 200),
            new("PUT", "/api/v1/projects/{id:long}/reviewers", $"{project}/reviewers", ProjectManagers, 400, "{}"),
            // The matrix's assigned annotator is not a named reviewer.
            new("GET", "/api/v1/projects/{id:long}/reviews/queue", $"{project}/reviews/queue", ProjectManagers, 200),
            new("GET", "/api/v1/projects/{id:long}/reviews", $"{project}/reviews", ProjectManagers, 200),
            new("POST", "/api/v1/projects/{id:long}/reviews", $"{project}/reviews", ProjectManagers, 400, "{}"),
            new("GET", "/api/v1/projects/{id:long}/reviews/returned", $"{project}/reviews/returned", ProjectViewers, 200),
            new("POST", "/api/v1/label-config/check", "/api/v1/label-config/check", SignedIn, 200, "{\"labelConfig\":\"<View/>\"}"),
            new("GET", "/api/v1/annotators", "/api/v1/annotators", Managers, 200),
            new("GET", "/api/v1/users/", "/api/v1/users/", Admins, 200),
            new("POST", "/api/v1/users/", "/api/v1/users/", Admins, 400, "{}"),
            new("GET", "/api/v1/users/{id:long}", $"/api/v1/users/{app.AnnotatorOther.Id}", Admins, 200),
            new("PUT", "/api/v1/users/{id:long}", $"/api/v1/users/{app.AnnotatorOther.Id}", Admins, 400, "{}"),
            new("POST", "/api/v1/users/{id:long}/password", $"/api/v1/users/{app.AnnotatorOther.Id}/password", Admins, 400, "{}"),
            new("GET", "/api/v1/audit", "/api/v1/audit", Admins, 200),
            new("GET", "/api/v1/invitations/", "/api/v1/invitations/", Managers, 200),
            new("POST", "/api/v1/invitations/", "/api/v1/invitations/", Managers, 400, "{}"),
            // The matrix's database holds no invitation: those let in get "not found".
            new("DELETE", "/api/v1/invitations/{id:long}", "/api/v1/invitations/1", Managers, 404),
            new("GET", "/api/v1/storage-connections/", "/api/v1/storage-connections/", Admins, 200),
            new("POST", "/api/v1/storage-connections/", "/api/v1/storage-connections/", Admins, 400, "{}"),
            // The matrix's database holds no storage connection: admins get past the policy to "not found".
            new("GET", "/api/v1/storage-connections/{id:long}", "/api/v1/storage-connections/1", Admins, 404),
            new("PUT", "/api/v1/storage-connections/{id:long}", "/api/v1/storage-connections/1?version=1", Admins, 404, "{}"),
            new("DELETE", "/api/v1/storage-connections/{id:long}", "/api/v1/storage-connections/1?version=1", Admins, 404),
            new("POST", "/api/v1/storage-connections/{id:long}/test", "/api/v1/storage-connections/1/test", Admins, 404, "{\"location\":\"s3://bucket/\"}"),
        ];
    }

    [Fact]
    public void Every_route_has_an_explicit_policy_and_an_entry_in_this_matrix()
    {
        var known = Pages().Concat(Api()).Select(p => $"{p.Method} {p.Pattern}").ToHashSet();
        var problems = new List<string>();
        foreach (var (method, pattern, endpoint) in Routes())
        {
            var explicitPolicy = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;
            if (!explicitPolicy)
            {
                problems.Add($"{method} {pattern} has no [Authorize]/[AllowAnonymous] (or RequireAuthorization/AllowAnonymous)");
            }
            if (!known.Contains($"{method} {pattern}"))
            {
                problems.Add($"{method} {pattern} is not in the authorization matrix");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Pages_answer_each_kind_of_signed_in_person_as_their_role_allows()
    {
        var failures = new List<string>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            var client = await CookieClientAsync(caller);
            foreach (var probe in Pages())
            {
                var expected = Expected(probe, caller, signedOutStatus: 302);
                await CheckAsync(client, probe, caller, expected, failures);
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Page_forms_refuse_a_post_without_an_antiforgery_token_and_strangers_before_that()
    {
        var failures = new List<string>();
        // Hangfire's dashboard checks its own forms' antiforgery token and answers 403 (after the role check, which the GET probe covers).
        var forms = Pages().Where(p => !p.Public && p.Pattern is not ("/" or "/Index" or "/projects" or "/projects/{slug}/ls/{**path}"
            or "/projects/{slug}/media/{id:long}/{**name}" or "/admin/jobs/{**path}"));
        foreach (var caller in Enum.GetValues<Caller>())
        {
            var client = await CookieClientAsync(caller);
            foreach (var probe in forms)
            {
                // Role rules are checked before the form; per-project rules after the antiforgery check.
                var expected = caller is Caller.Anonymous or Caller.Deactivated ? 302
                    : RoleRule(probe).Contains(caller) ? 400
                    : 403;
                await CheckAsync(client, probe with { Method = "POST", Body = "" }, caller, expected, failures);
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Named handlers share their page's route, so the matrix above does not reach them by itself.</summary>
    [Theory]
    [InlineData("/users/{0}?handler=Unlock")]
    [InlineData("/users/{0}?handler=Password")]
    public async Task Admin_only_page_handlers_refuse_others_and_a_post_without_an_antiforgery_token(string url)
    {
        var failures = new List<string>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            var client = await CookieClientAsync(caller);
            var expected = caller is Caller.Anonymous or Caller.Deactivated ? 302 : caller == Caller.Admin ? 400 : 403;
            var probe = new Probe("POST", "/users/{id:long}", string.Format(url, app.AnnotatorOther.Id), Admins, 400, Body: "");
            await CheckAsync(client, probe, caller, expected, failures);
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// The review page's manager forms share the page's route, which named reviewers may see: with a valid form token,
    /// only the project's manager and admins get through (an empty form saves no reviewer / the current distribution).
    /// </summary>
    [Theory]
    [InlineData("Reviewers")]
    [InlineData("Distribution")]
    public async Task Review_page_manager_handlers_refuse_everyone_but_the_projects_manager_and_admins(string handler)
    {
        var failures = new List<string>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            var client = await CookieClientAsync(caller);
            // Any page's form token will do (the layout's sign-out form); the signed-out get none.
            var token = SignInClient.AntiforgeryToken(await (await client.GetAsync("/account/tokens")).Content.ReadAsStringAsync());
            var probe = new Probe("POST", "/projects/{id:long}/review", $"/projects/{app.Project.Id}/review?handler={handler}", ProjectManagers, 302,
                Form: new() { ["__RequestVerificationToken"] = token });
            await CheckAsync(client, probe, caller, Expected(probe, caller, signedOutStatus: 302), failures);
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>The project page's sections refreshed in place: progress and exports for those who see the project, the sync line for its managers.</summary>
    [Theory]
    [InlineData("Progress", false)]
    [InlineData("Exports", false)]
    [InlineData("Sync", true)]
    public async Task Project_page_refresh_handlers_answer_only_those_who_may_see_them(string handler, bool managersOnly)
    {
        var failures = new List<string>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            var client = await CookieClientAsync(caller);
            var probe = new Probe("GET", "/projects/{id:long}", $"/projects/{app.Project.Id}?handler={handler}", managersOnly ? ProjectManagers : ProjectViewers, 200);
            await CheckAsync(client, probe, caller, Expected(probe, caller, signedOutStatus: 302), failures);
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Api_routes_answer_each_token_as_its_user_may()
    {
        var failures = new List<string>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            var client = app.WithToken(UserOf(caller));
            foreach (var probe in Api())
            {
                await CheckAsync(client, probe, caller, Expected(probe, caller, signedOutStatus: 401), failures);
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task The_api_does_not_accept_the_sign_in_cookie()
    {
        var admin = await app.SignedInAsync(app.Admin);
        var response = await admin.GetAsync("/api/v1/users/");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private int Expected(Probe probe, Caller caller, int signedOutStatus) =>
        probe.Public ? probe.AllowedStatus
        : caller is Caller.Anonymous or Caller.Deactivated ? signedOutStatus
        : probe.Allowed.Contains(caller) ? probe.AllowedStatus
        : 403;

    /// <summary>Who passes a page's role attribute (project pages check the project inside the handler).</summary>
    private static Caller[] RoleRule(Probe probe) =>
        probe.Allowed == Admins ? Admins
        : probe.Pattern is "/projects/new" or "/invitations" ? Managers
        : SignedIn;

    private async Task CheckAsync(HttpClient client, Probe probe, Caller caller, int expected, List<string> failures)
    {
        using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url);
        if (probe.Form is not null)
        {
            request.Content = new FormUrlEncodedContent(probe.Form);
        }
        if (probe.Body is not null)
        {
            request.Content = probe.Method == "POST" && probe.Body.Length == 0
                ? new FormUrlEncodedContent([])
                : new StringContent(probe.Body, Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        output.WriteLine($"{caller,-18} {probe.Method,-6} {probe.Url,-55} {status}");
        if (status != expected)
        {
            failures.Add($"{caller} {probe.Method} {probe.Url}: expected {expected}, got {status}");
        }
    }

    private async Task<HttpClient> CookieClientAsync(Caller caller) => caller switch
    {
        Caller.Anonymous => app.Browser(),
        Caller.Deactivated => app.DeactivatedBrowser,
        _ => await app.SignedInAsync(UserOf(caller)!),
    };

    private User? UserOf(Caller caller) => caller switch
    {
        Caller.AnnotatorAssigned => app.AnnotatorAssigned,
        Caller.AnnotatorOther => app.AnnotatorOther,
        Caller.ManagerOwner => app.ManagerOwner,
        Caller.ManagerOther => app.ManagerOther,
        Caller.Admin => app.Admin,
        Caller.Deactivated => app.Deactivated,
        _ => null,
    };

    private IEnumerable<(string Method, string Pattern, RouteEndpoint Endpoint)> Routes()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                yield return (method, pattern, endpoint);
            }
        }
    }
}
