using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Labelit.Web.Accounts.Provider;

public static class ProviderSignInEndpoints
{
    /// <summary>The "Sign in with ..." button: off to the provider, back to a local page (or the invitation's account).</summary>
    public static WebApplication MapProviderSignIn(this WebApplication app)
    {
        app.MapGet(ProviderSignInExtensions.StartRoute, (HttpContext context, string? returnUrl, string? invitation,
            IOptions<ProviderSignInOptions> options, TimeProvider clock) =>
        {
            if (!options.Value.IsConfigured)
                return Results.NotFound();
            var properties = new AuthenticationProperties
            {
                // Only local return addresses: never an open redirect.
                RedirectUri = returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\") ? returnUrl : "/",
            };
            properties.Items[ProviderSignInExtensions.StartedItem] = clock.GetUtcNow().ToString("O");
            if (!string.IsNullOrEmpty(invitation))
                properties.Items[ProviderSignInExtensions.InvitationItem] = invitation;
            return Results.Challenge(properties, [ProviderSignInExtensions.Scheme]);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
