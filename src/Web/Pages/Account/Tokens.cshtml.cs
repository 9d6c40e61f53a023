using Microsoft.AspNetCore.Authorization;
using Labelit.Web.Accounts;
using Labelit.Web.Tokens;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Account;

[Authorize]
public sealed class TokensModel(ApiTokenStore tokens) : PageModel
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    /// <summary>Set only on the response that created the token: it is never shown again.</summary>
    public string? NewToken { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var name = Name?.Trim() ?? "";
        if (name.Length is 0 or > ApiTokenStore.NameMaximumLength)
        {
            ModelState.AddModelError(nameof(Name), $"Give the token a name of 1 to {ApiTokenStore.NameMaximumLength} characters, e.g. \"export script\".");
        }
        else
        {
            (_, NewToken) = await tokens.CreateAsync(CurrentUser.From(User).Id, name, cancellationToken);
            Name = null;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long tokenId, CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(CurrentUser.From(User).Id, tokenId, cancellationToken);
        return Redirect("/account/tokens");
    }

    private async Task LoadAsync(CancellationToken cancellationToken) => Tokens = await tokens.ListAsync(CurrentUser.From(User).Id, cancellationToken);
}
