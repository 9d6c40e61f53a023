using System.Net;
using System.Text.RegularExpressions;

namespace Labelit.TestSupport;

/// <summary>Signs in through Labelit's sign-in form as a browser would: cookies and antiforgery token.</summary>
public sealed partial class SignInClient(string baseUrl)
{
    public HttpClientHandler Handler { get; } = new() { CookieContainer = new CookieContainer() };

    public HttpClient Http => _http ??= new HttpClient(Handler) { BaseAddress = new Uri(baseUrl) };

    private HttpClient? _http;

    /// <summary>Posts the form and returns the page it lands on.</summary>
    public async Task<string> SignInAsync(string email, string password)
    {
        var form = await Http.GetStringAsync("/account/sign-in");
        var response = await Http.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
        }));
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Creates a personal API token on the tokens page (signed in) and returns it, as shown once.</summary>
    public async Task<string> CreateApiTokenAsync(string name = "tests")
    {
        var page = await Http.GetStringAsync("/account/tokens");
        var created = await (await Http.PostAsync("/account/tokens?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = name,
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }))).Content.ReadAsStringAsync();
        return NewTokenPattern().Match(created).Groups[1].Value;
    }

    public static string AntiforgeryToken(string html) => TokenPattern().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<code id=\"new-token\">(lbt_[^<]+)</code>")]
    private static partial Regex NewTokenPattern();
}
