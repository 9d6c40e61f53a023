using Labelit.Web.Accounts.Provider;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Labelit.Web.Pages.Account;

/// <summary>Where a refused sign-in through the provider lands: what went wrong, in words.</summary>
[AllowAnonymous]
public sealed class RefusedModel(IOptions<ProviderSignInOptions> provider) : PageModel
{
    public string Message { get; private set; } = "";

    public void OnGet(string? reason)
    {
        var refusal = Enum.TryParse<ProviderRefusal>(reason, out var parsed) ? parsed : ProviderRefusal.Failed;
        Message = ProviderRefusalWords.Explain(refusal, provider.Value.DisplayName);
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
