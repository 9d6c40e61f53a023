using Labelit.Web.Accounts;
using Labelit.Web.Accounts.Invitations;
using Labelit.Web.Accounts.Provider;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Labelit.Web.Pages.Invitations;

/// <summary>The invitation link: set a password (or go through the provider) and be signed in.</summary>
[AllowAnonymous]
public sealed class AcceptModel(InvitationStore invitations, InvitationEditor editor, IOptions<ProviderSignInOptions> provider, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public Invitation? Invitation { get; private set; }
    public string Problem { get; private set; } = InvitationEditor.InvalidLink;
    public bool ProviderConfigured => provider.Value.IsConfigured;
    public string ProviderName => provider.Value.DisplayName;
    public string ProviderUrl => $"{ProviderSignInExtensions.StartRoute}?invitation={Uri.EscapeDataString(Token)}";

    public static string Link(HttpRequest request, string token) => $"{request.Scheme}://{request.Host}/invite/{token}";

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (user, errors) = await editor.AcceptWithPasswordAsync(Token, DisplayName, Password, cancellationToken);
        if (user is null)
        {
            await LoadAsync(cancellationToken);
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                    ModelState.AddModelError(field, message);
            }
            return Page();
        }
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            UserClaims.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect("/");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var invitation = await invitations.FindByTokenAsync(Token, cancellationToken);
        Invitation = invitation?.StateAt(clock.GetUtcNow()) == InvitationState.Pending ? invitation : null;
        if (Invitation is null)
            Response.StatusCode = StatusCodes.Status410Gone;
    }
}
