using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Labelit.TestSupport;
using Labelit.Web.Accounts;
using Labelit.Web.Accounts.Invitations;
using Labelit.Web.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Labelit.Web.Tests.Provider;

/// <summary>Invitations by link: made on the page or the API, used once with a password or through the provider.</summary>
public sealed partial class InvitationTests(ProviderSignInFixture fixture) : IClassFixture<ProviderSignInFixture>
{
    private WebAppFixture App => fixture.Base;

    [Fact]
    public async Task An_invited_annotator_sets_a_password_from_the_link_sees_their_project_and_the_link_then_stops_working()
    {
        var manager = await App.SignedInAsync(App.ManagerOwner);
        var link = await InviteOnPageAsync(manager, "ivo@example.com", Roles.Annotator, App.Project.Id);

        var stranger = App.Browser();
        // Opened in a second browser while still valid, sent after the first use.
        var second = App.Browser();
        var secondForm = await OpenAsync(second, link);
        var accepted = await SubmitAsync(stranger, link, await OpenAsync(stranger, link), "Ivo Invited", "ivo's long password");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var home = await (await stranger.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Contains("Ivo Invited · Annotator", home);
        Assert.Contains(App.Project.Name, home);
        var ivo = await fixture.FindUserAsync("ivo@example.com");
        var audit = await App.Services.GetRequiredService<AuditLog>().ReadAsync(new AuditQuery(EntityType: "invitation"));
        Assert.Contains(audit, e => e.Action == "invited" && e.ActorId == App.ManagerOwner.Id && e.Summary.Contains("ivo@example.com"));
        Assert.Contains(audit, e => e.Action == "invitation-accepted" && e.ActorId == ivo!.Id);

        var reused = await SubmitAsync(second, link, secondForm, "Someone Else", "another long password");
        Assert.Equal(HttpStatusCode.Gone, reused.StatusCode);
        Assert.Contains("not valid any more", await reused.Content.ReadAsStringAsync());
        Assert.Equal("Ivo Invited", (await fixture.FindUserAsync("ivo@example.com"))!.DisplayName);
        Assert.Contains("<td>accepted</td>", await (await manager.GetAsync("/invitations")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_expired_or_revoked_link_is_refused_and_creates_no_user()
    {
        var store = App.Services.GetRequiredService<InvitationStore>();
        var (_, expired) = await store.CreateAsync("late@example.com", Roles.Annotator, [], App.Admin.Id, DateTimeOffset.UtcNow.AddMinutes(-1));
        var page = await App.Browser().GetAsync($"/invite/{expired}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("not valid any more", await page.Content.ReadAsStringAsync());

        var admin = await App.SignedInAsync(App.Admin);
        var link = await InviteOnPageAsync(admin, "revoked@example.com", Roles.Manager);
        var invitee = App.Browser();
        var openedBeforeRevoking = await OpenAsync(invitee, link);
        var listed = await (await admin.GetAsync("/invitations")).Content.ReadAsStringAsync();
        var id = Regex.Match(listed, "name=\"invitationId\" value=\"(\\d+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync("/invitations?handler=Revoke", Form(listed, ("invitationId", id)))).StatusCode);

        Assert.Equal(HttpStatusCode.Gone, (await SubmitAsync(invitee, link, openedBeforeRevoking, "Rev", "a long enough password")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await invitee.GetAsync(new Uri(link).AbsolutePath)).StatusCode);
        Assert.Null(await fixture.FindUserAsync("revoked@example.com"));
        Assert.Null(await fixture.FindUserAsync("late@example.com"));
    }

    [Fact]
    public async Task An_invitation_used_through_the_provider_creates_the_invited_role_but_only_for_its_email()
    {
        var admin = App.WithToken(App.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/invitations/", new { email = "petra@team.example", role = "Manager" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await created.Content.ReadFromJsonAsync<Created>())!.Link.Split("/invite/")[1];

        using var wrongPerson = new ProviderBrowser(fixture.Web);
        var refused = await wrongPerson.DeliverAsync(await wrongPerson.SignInAtProviderAsync("paul@team.example", $"/account/sign-in/provider?invitation={token}"));
        Assert.Contains("for another email address", await refused.Content.ReadAsStringAsync());
        Assert.Null(await fixture.FindUserAsync("paul@team.example"));

        using var petra = new ProviderBrowser(fixture.Web);
        var page = await petra.DeliverAsync(await petra.SignInAtProviderAsync("petra@team.example", $"/account/sign-in/provider?invitation={token}"));
        Assert.Contains("petra · Manager", await page.Content.ReadAsStringAsync());
        Assert.Equal(Roles.Manager, (await fixture.FindUserAsync("petra@team.example"))!.Role);
    }

    [Fact]
    public async Task A_revoked_invitation_used_through_the_provider_is_refused_and_creates_no_user()
    {
        var admin = App.WithToken(App.Admin);
        var created = await (await admin.PostAsJsonAsync("/api/v1/invitations/", new { email = "rory@example.com", role = "Annotator" }))
            .Content.ReadFromJsonAsync<Created>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/invitations/{created!.Invitation.Id}")).StatusCode);

        using var rory = new ProviderBrowser(fixture.Web);
        var token = created.Link.Split("/invite/")[1];
        var page = await rory.DeliverAsync(await rory.SignInAtProviderAsync("rory@example.com", $"/account/sign-in/provider?invitation={token}"));
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("This invitation link is not valid any more", await page.Content.ReadAsStringAsync());
        Assert.Null(await fixture.FindUserAsync("rory@example.com"));
    }

    [Fact]
    public async Task The_invitations_api_is_described_in_the_openapi_document()
    {
        var document = await App.Browser().GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/openapi/v1.json");
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).Where(p => p.Contains("invitations")).Order().ToList();
        Assert.Equal(["/api/v1/invitations", "/api/v1/invitations/{id}"], paths);
    }

    [Fact]
    public async Task Managers_invite_only_annotators_to_their_own_projects_and_revoke_only_their_invitations()
    {
        var other = App.WithToken(App.ManagerOther);
        var asManager = await other.PostAsJsonAsync("/api/v1/invitations/", new { email = "m@example.com", role = "Manager" });
        Assert.Equal(HttpStatusCode.BadRequest, asManager.StatusCode);
        Assert.Contains("Managers invite annotators only", await asManager.Content.ReadAsStringAsync());
        var notTheirs = await other.PostAsJsonAsync("/api/v1/invitations/", new { email = "a@example.com", role = "Annotator", projectIds = new[] { App.Project.Id } });
        Assert.Equal(HttpStatusCode.BadRequest, notTheirs.StatusCode);
        Assert.Contains("not one you manage", await notTheirs.Content.ReadAsStringAsync());
        Assert.Empty((await other.GetFromJsonAsync<List<Listed>>("/api/v1/invitations/"))!);

        var owner = App.WithToken(App.ManagerOwner);
        var created = await owner.PostAsJsonAsync("/api/v1/invitations/", new { email = "ok@example.com", role = "Annotator", projectIds = new[] { App.Project.Id } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<Created>())!.Invitation.Id;
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/invitations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/invitations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.DeleteAsync($"/api/v1/invitations/{id}")).StatusCode);
        Assert.Contains((await owner.GetFromJsonAsync<List<Listed>>("/api/v1/invitations/"))!, i => i.Id == id && i.State == "revoked");
    }

    private sealed record Listed(long Id, string Email, string State);
    private sealed record Created(Listed Invitation, string Link);

    private static async Task<string> InviteOnPageAsync(HttpClient client, string email, string role, params long[] projectIds)
    {
        var form = await client.GetStringAsync("/invitations");
        var fields = new List<(string, string)> { ("Form.Email", email), ("Form.Role", role), ("Form.ValidDays", "7") };
        fields.AddRange(projectIds.Select(id => ("Form.ProjectIds", id.ToString())));
        var page = await (await client.PostAsync("/invitations?handler=Create", Form(form, [.. fields]))).Content.ReadAsStringAsync();
        var link = LinkPattern().Match(page);
        Assert.True(link.Success, page);
        return link.Groups[1].Value;
    }

    private static async Task<string> OpenAsync(HttpClient client, string link)
    {
        var page = await client.GetAsync(new Uri(link).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string link, string form, string name, string password) =>
        client.PostAsync(new Uri(link).AbsolutePath, Form(form, ("DisplayName", name), ("Password", password)));

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))
            .Append(KeyValuePair.Create("__RequestVerificationToken", SignInClient.AntiforgeryToken(page))));

    [GeneratedRegex("<code id=\"invitation-link\">([^<]+)</code>")]
    private static partial Regex LinkPattern();
}
