using System.ComponentModel.DataAnnotations;
using Labelit.Web.Accounts;
using Labelit.Web.Accounts.Provider;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Labelit.Web.Pages.Account;

[AllowAnonymous]
public sealed class SignInModel(SignInService signIn, IOptions<ProviderSignInOptions> provider) : PageModel
{
    public ProviderSignInOptions Provider => provider.Value;

    public string ProviderSignInUrl => ProviderSignInExtensions.StartRoute
        + (string.IsNullOrEmpty(ReturnUrl) ? "" : "?returnUrl=" + Uri.EscapeDataString(ReturnUrl));

    [BindProperty, Required(ErrorMessage = "Enter your email."), EmailAddress(ErrorMessage = "Enter a valid email address."), StringLength(320)]
    public string Email { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Enter your password."), DataType(DataType.Password), StringLength(PasswordRules.MaximumLength)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Provider.PasswordSignIn)
        {
            ModelState.AddModelError("", $"Sign-in with a password is turned off: sign in with {Provider.DisplayName}.");
            return Page();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var (outcome, user) = await signIn.CheckAsync(Email, Password, cancellationToken);
        var problem = outcome switch
        {
            SignInOutcome.WrongCredentials => "The email or password is not right.",
            SignInOutcome.LockedOut => SignInService.LockedOutMessage,
            SignInOutcome.Deactivated => "This account is deactivated. Ask an admin.",
            _ => null,
        };
        if (problem is not null)
        {
            ModelState.AddModelError("", problem);
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            UserClaims.Principal(user!, CookieAuthenticationDefaults.AuthenticationScheme));
        // Only local return addresses: never an open redirect.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
