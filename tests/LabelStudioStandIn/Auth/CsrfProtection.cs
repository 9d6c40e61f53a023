using Labelit.LabelStudioStandIn.Options;

namespace Labelit.LabelStudioStandIn.Auth;

/// <summary>
/// Django's CSRF rules as LS applies them: only the login and signup forms are checked.
/// The cookie holds a 32-character secret; the form field carries it masked (64 characters,
/// a new mask on every page) or plain. An Origin header must be the request's own origin or
/// one of CSRF_TRUSTED_ORIGINS, which is why LS behind a proxy on another origin needs that list.
/// </summary>
public sealed class CsrfProtection(StandInOptions options)
{
    public const string CookieName = "csrftoken";
    public const string FormField = "csrfmiddlewaretoken";
    public const int SecretLength = 32;

    /// <summary>The cookie secret to use for this request, reusing a well-formed one the browser sent.</summary>
    public static string SecretFor(HttpRequest request)
    {
        var existing = request.Cookies[CookieName];
        return existing is { Length: SecretLength } && existing.All(RandomTokens.Alphanumerics.Contains)
            ? existing
            : RandomTokens.Alphanumeric(SecretLength);
    }

    public static void SetCookie(HttpResponse response, string secret) =>
        response.Cookies.Append(CookieName, secret, new CookieOptions
        {
            Path = "/", // always "/", even under a prefix: see LS issue #5094 in the contract
            SameSite = SameSiteMode.Lax,
            MaxAge = TimeSpan.FromDays(365),
            HttpOnly = false,
        });

    public static string Mask(string secret)
    {
        var mask = RandomTokens.Alphanumeric(SecretLength);
        var chars = RandomTokens.Alphanumerics;
        var cipher = secret.Select((c, i) => chars[(chars.IndexOf(c) + chars.IndexOf(mask[i])) % chars.Length]);
        return mask + string.Concat(cipher);
    }

    /// <summary>Null when the form post passes; otherwise the reason Django would give in its 403 page.</summary>
    public string? Reject(HttpRequest request, IFormCollection form)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsTrustedOrigin(request, origin))
            return $"Origin checking failed - {origin} does not match any trusted origins.";

        var secret = request.Cookies[CookieName];
        if (secret is not { Length: SecretLength })
            return "CSRF cookie not set.";
        var sent = form[FormField].ToString();
        if (sent.Length == 0)
            return "CSRF token missing.";
        var unmasked = sent.Length == 2 * SecretLength ? Unmask(sent) : sent;
        return unmasked == secret ? null : "CSRF token incorrect.";
    }

    private bool IsTrustedOrigin(HttpRequest request, string origin) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
        || options.CsrfTrustedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);

    private static string Unmask(string token)
    {
        var chars = RandomTokens.Alphanumerics;
        var mask = token[..SecretLength];
        var cipher = token[SecretLength..];
        return string.Concat(cipher.Select((c, i) =>
        {
            var index = chars.IndexOf(c) - chars.IndexOf(mask[i]);
            return chars[(index % chars.Length + chars.Length) % chars.Length];
        }));
    }
}
