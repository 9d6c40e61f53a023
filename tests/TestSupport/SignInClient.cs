using System.Net;
using System.Text.RegularExpressions;

namespace Labelit.TestSupport;

/// <summary>Signs in through Labelit's sign-in form as a browser would: cookies and antiforgery token.</summary>
public sealed partial class SignInClient(string baseUrl)
{
    public HttpClient Http { get; } = new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(baseUrl) };

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

    public static string AntiforgeryToken(string html) => TokenPattern().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
