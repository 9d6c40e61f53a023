using System.Security.Claims;

namespace Labelit.Web.Accounts.Provider;

/// <summary>Who the provider says the person is, read from its validated ID token and userinfo.</summary>
public sealed record ProviderIdentity(string Issuer, string Subject, string? Email, bool EmailVerified, string? Name, IReadOnlyList<Claim> Claims)
{
    public static ProviderIdentity From(ClaimsPrincipal principal, string issuer)
    {
        string? Value(string type) => principal.FindFirst(type)?.Value;
        return new(issuer, Value("sub") ?? "", Value("email")?.Trim(),
            string.Equals(Value("email_verified"), "true", StringComparison.OrdinalIgnoreCase), Value("name"), principal.Claims.ToList());
    }

    public bool Has(string claimType, string value) =>
        Claims.Any(c => c.Type == claimType && string.Equals(c.Value, value, StringComparison.OrdinalIgnoreCase));

    public string Domain => Email is { } email && email.LastIndexOf('@') is var at and > 0 ? email[(at + 1)..] : "";
}
