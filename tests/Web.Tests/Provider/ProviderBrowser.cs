using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Labelit.Web.Tests.Provider;

/// <summary>
/// A browser between the Web under test (http://localhost, in memory) and the real test provider on
/// loopback: one cookie jar, redirects followed by hand so a test can stop at, keep or tamper with the
/// provider's answer before Labelit gets it.
/// </summary>
public sealed partial class ProviderBrowser : IDisposable
{
    private static readonly Uri App = new("http://localhost/");
    private readonly HttpClient _app;
    private readonly HttpClient _provider;

    public ProviderBrowser(WebApplicationFactory<Program> web)
    {
        _app = web.CreateDefaultClient(App, new CookieJarHandler(Cookies));
        _provider = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true });
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>Starts "Sign in with ..." and signs in at the provider as <paramref name="login"/>; returns the answer meant for Labelit, not yet delivered.</summary>
    public async Task<Uri> SignInAtProviderAsync(string login, string start = "/account/sign-in/provider")
    {
        var response = await SendAsync(HttpMethod.Get, new Uri(App, start));
        for (var step = 0; step < 20; step++)
        {
            if (response.Headers.Location is { } location)
            {
                var next = new Uri(response.RequestMessage!.RequestUri!, location);
                if (IsApp(next) && next.AbsolutePath == "/signin-oidc")
                    return next;
                response = await SendAsync(HttpMethod.Get, next);
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || FormAction().Match(html) is not { Success: true } form)
                throw new InvalidOperationException($"Unexpected {(int)response.StatusCode} from {response.RequestMessage!.RequestUri}:\n{html}");
            var fields = HiddenInput().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
            if (fields.GetValueOrDefault("prompt") == "login")
            {
                fields["login"] = login;
                fields["password"] = "any password";
            }
            response = await SendAsync(HttpMethod.Post, new Uri(response.RequestMessage!.RequestUri!, WebUtility.HtmlDecode(form.Groups[1].Value)),
                new FormUrlEncodedContent(fields));
        }
        throw new InvalidOperationException("The provider did not send the browser back to Labelit within 20 steps.");
    }

    /// <summary>Delivers an answer to Labelit and follows its redirects; returns the page the person ends on.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(Uri callback) => await FollowAsync(await SendAsync(HttpMethod.Get, callback));

    public async Task<HttpResponseMessage> GetAsync(string path) => await FollowAsync(await SendAsync(HttpMethod.Get, new Uri(App, path)));

    public async Task<HttpResponseMessage> SignInAsync(string login) => await DeliverAsync(await SignInAtProviderAsync(login));

    private async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        while (response.Headers.Location is { } location)
            response = await SendAsync(HttpMethod.Get, new Uri(response.RequestMessage!.RequestUri!, location));
        return response;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, HttpContent? content = null) =>
        (IsApp(uri) ? _app : _provider).SendAsync(new HttpRequestMessage(method, uri) { Content = content });

    private static bool IsApp(Uri uri) => uri.Host == App.Host && uri.Port == App.Port;

    public void Dispose()
    {
        _app.Dispose();
        _provider.Dispose();
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();

    /// <summary>Keeps the in-memory Web's cookies in the shared jar, as a browser would.</summary>
    private sealed class CookieJarHandler(CookieContainer cookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = cookies.GetCookieHeader(request.RequestUri!);
            if (header.Length > 0)
                request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                    cookies.SetCookies(request.RequestUri!, setCookie);
            }
            return response;
        }
    }
}
