using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Labelit.Worker.LabelStudio;

/// <summary>
/// The LS calls provisioning needs (docs/label-studio-contract.md): health, projects with the
/// admin's legacy token, and the invite + signup form flow that creates users who can sign in.
/// </summary>
public sealed partial class LabelStudioClient(HttpClient http)
{
    public enum SignupOutcome { Created, AlreadyExists }

    /// <summary>True when GET /health/ answers {"status": "UP"}.</summary>
    public async Task<bool> IsHealthyAsync(Uri address, CancellationToken cancellationToken, TimeSpan? probeTimeout = null)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(probeTimeout ?? TimeSpan.FromSeconds(5));
            using var response = await http.GetAsync(new Uri(address, "health/"), timeout.Token);
            return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync(timeout.Token)).Contains("UP", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// How many annotations a task needs before LS's label stream stops serving it to others
    /// (maximum_annotations, "overlap" in LS's settings): in split mode, the split's overlap.
    /// </summary>
    public async Task SetMaximumAnnotationsAsync(LabelStudioTarget target, int maximum, CancellationToken cancellationToken)
    {
        using var patch = await SendAsync(HttpMethod.Patch, target.Address, $"api/projects/{target.LsProjectId}/", target.AdminToken,
            new JsonObject { ["maximum_annotations"] = maximum }, cancellationToken);
        await EnsureSuccessAsync(patch, "set how many annotators label each task");
    }

    /// <summary>The LS project's id: the existing one when it still exists, else a new one.</summary>
    public async Task<int> EnsureProjectAsync(Uri address, string token, int? existingId, string title, string labelConfig, bool pushSettings,
        CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["title"] = title, ["label_config"] = labelConfig };
        if (existingId is { } id)
        {
            using var get = await SendAsync(HttpMethod.Get, address, $"api/projects/{id}/", token, null, cancellationToken);
            if (get.IsSuccessStatusCode)
            {
                if (pushSettings)
                {
                    using var patch = await SendAsync(HttpMethod.Patch, address, $"api/projects/{id}/", token, body, cancellationToken);
                    await EnsureSuccessAsync(patch, "update the LS project's title and label config");
                }
                return id;
            }
            if (get.StatusCode != HttpStatusCode.NotFound)
                await EnsureSuccessAsync(get, "read the LS project");
        }
        using var create = await SendAsync(HttpMethod.Post, address, "api/projects/", token, body, cancellationToken);
        await EnsureSuccessAsync(create, "create the LS project");
        var created = await create.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return created?["id"]?.GetValue<int>() ?? throw new InvalidOperationException("LS created a project but sent no id.");
    }

    /// <summary>Creates a user who can sign in: GET /api/invite, then the signup form with the org token.</summary>
    public async Task<SignupOutcome> SignupAsync(Uri address, string adminToken, string email, string password, CancellationToken cancellationToken)
    {
        using var invite = await SendAsync(HttpMethod.Get, address, "api/invite", adminToken, null, cancellationToken);
        await EnsureSuccessAsync(invite, "get the organization's invite link");
        var orgToken = (await invite.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["token"]?.GetValue<string>()
            ?? throw new InvalidOperationException("LS's invite answer has no token.");

        var path = $"user/signup/?token={Uri.EscapeDataString(orgToken)}";
        using var response = await PostFormAsync(address, path, email, password, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.Redirect)
            return SignupOutcome.Created;
        var page = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK && page.Contains("already exists", StringComparison.OrdinalIgnoreCase))
            return SignupOutcome.AlreadyExists;
        throw new InvalidOperationException($"LS refused the signup of {email}: {(int)response.StatusCode} {FormError(page)}");
    }

    /// <summary>Whether the email and password sign in (LS answers a redirect with a session).</summary>
    public async Task<bool> CanSignInAsync(Uri address, string email, string password, CancellationToken cancellationToken)
    {
        using var response = await PostFormAsync(address, "user/login/", email, password, cancellationToken);
        return response.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.Redirect
            && response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("sessionid=", StringComparison.Ordinal));
    }

    /// <summary>The LS user id for an email, from GET /api/users/.</summary>
    public async Task<int?> FindUserIdAsync(Uri address, string adminToken, string email, CancellationToken cancellationToken) =>
        (await ListUsersAsync(address, adminToken, cancellationToken)).TryGetValue(email, out var id) ? id : null;

    /// <summary>Every LS user's id by email (GET /api/users/ answers a list, or a page of results in some versions).</summary>
    public async Task<IReadOnlyDictionary<string, int>> ListUsersAsync(Uri address, string adminToken, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, address, "api/users/", adminToken, null, cancellationToken);
        await EnsureSuccessAsync(response, "list LS users");
        var body = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
        var users = body as JsonArray ?? body?["results"] as JsonArray ?? [];
        var byEmail = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in users)
        {
            if (user?["email"]?.GetValue<string>() is { } email && user["id"]?.GetValue<int>() is { } id)
                byEmail[email] = id;
        }
        return byEmail;
    }

    /// <summary>
    /// Sets a user's first and last name (PATCH /api/users/{id}/ as LS's superuser). Never the email:
    /// LS answers 405 "Cannot update read-only field: email" (seen on a real LS 1.8.2).
    /// </summary>
    public async Task SetUserNameAsync(Uri address, string adminToken, int lsUserId, LabelStudioProfile profile, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["first_name"] = profile.FirstName, ["last_name"] = profile.LastName };
        using var response = await SendAsync(HttpMethod.Patch, address, $"api/users/{lsUserId}/", adminToken, body, cancellationToken);
        await EnsureSuccessAsync(response, $"set the name of LS user {lsUserId}");
    }

    // Django forms: GET the form for the csrftoken cookie and the masked field, then POST both.
    private async Task<HttpResponseMessage> PostFormAsync(Uri address, string path, string email, string password, CancellationToken cancellationToken)
    {
        using var form = await http.GetAsync(new Uri(address, path), cancellationToken);
        var page = await form.Content.ReadAsStringAsync(cancellationToken);
        if (!form.IsSuccessStatusCode)
            throw new InvalidOperationException($"LS's form {path} answered {(int)form.StatusCode}.");
        var cookie = form.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => CsrfCookiePattern().Match(c)).FirstOrDefault(m => m.Success)?.Groups[1].Value
            : null;
        var field = CsrfFieldPattern().Match(page);
        if (cookie is null || !field.Success)
            throw new InvalidOperationException($"LS's form {path} carries no CSRF token.");

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = email,
                ["password"] = password,
                ["csrfmiddlewaretoken"] = WebUtility.HtmlDecode(field.Groups[1].Value),
            }),
        };
        request.Headers.Add("Cookie", $"csrftoken={cookie}");
        request.Headers.Referrer = new Uri(address, path);
        return await http.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri address, string path, string token, JsonObject? body,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(address, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        return await http.SendAsync(request, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"Could not {what}: LS answered {(int)response.StatusCode} {Shorten(body)}");
        }
    }

    private static string FormError(string page) =>
        FormErrorPattern().Match(page) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value.Trim()) : Shorten(page);

    private static string Shorten(string text) => text.Length <= 300 ? text.Trim() : text[..300].Trim() + "...";

    [GeneratedRegex("^csrftoken=([^;]+)")]
    private static partial Regex CsrfCookiePattern();

    [GeneratedRegex("name=\"csrfmiddlewaretoken\"\\s+value=\"([^\"]+)\"")]
    private static partial Regex CsrfFieldPattern();

    [GeneratedRegex("class=\"error\"[^>]*>([^<]+)<")]
    private static partial Regex FormErrorPattern();
}
