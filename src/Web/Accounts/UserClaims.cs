using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Labelit.Web.Accounts;

/// <summary>What a sign-in cookie says about its user, and the check that it still holds.</summary>
public static class UserClaims
{
    public const string SecurityStamp = "labelit:stamp";

    public static ClaimsPrincipal Principal(User user, string authenticationType) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim(SecurityStamp, user.SecurityStamp.ToString()),
        ], authenticationType));

    public static long? UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>
    /// Runs on every request with a cookie: a deactivated user, a changed role or a reset password
    /// (new security stamp) ends the session at once rather than when the cookie expires.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.UserId();
        var user = id is null ? null : await context.HttpContext.RequestServices.GetRequiredService<CachedUsers>().FindByIdAsync(id.Value);
        var stamp = context.Principal?.FindFirstValue(SecurityStamp);
        var role = context.Principal?.FindFirstValue(ClaimTypes.Role);
        if (user is null || !user.IsActive || user.SecurityStamp.ToString() != stamp || user.Role != role)
        {
            context.RejectPrincipal();
        }
    }
}
