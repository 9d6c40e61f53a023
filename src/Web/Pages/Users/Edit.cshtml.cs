using Labelit.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Users;

[Authorize(Roles = Roles.Admin)]
public sealed class EditModel(UserStore users, UserEditor editor, TimeProvider clock) : PageModel
{
    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public User Subject { get; private set; } = null!;

    [BindProperty]
    public UserForm Form { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }
        Subject = user;
        Form = new UserForm { Email = user.Email, DisplayName = user.DisplayName, Role = user.Role, IsActive = user.IsActive, Version = user.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }
        Subject = user;
        var change = await editor.UpdateAsync(CurrentUser.From(User), user, Form.ToInput(), Form.Version, cancellationToken);
        if (!change.Succeeded)
        {
            this.AddErrors(change.Errors, nameof(Form));
            return Page();
        }
        Message = "Saved.";
        return Redirect($"/users/{id}");
    }

    public async Task<IActionResult> OnPostPasswordAsync(long id, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }
        Subject = user;
        var change = await editor.ResetPasswordAsync(CurrentUser.From(User), user, Form.Password, cancellationToken);
        if (!change.Succeeded)
        {
            ModelState.Clear();
            this.AddErrors(change.Errors, nameof(Form));
            Form = new UserForm { Email = user.Email, DisplayName = user.DisplayName, Role = user.Role, IsActive = user.IsActive, Version = user.Version };
            return Page();
        }
        Message = "Password reset. The user's open sessions have ended.";
        return Redirect($"/users/{id}");
    }

    public async Task<IActionResult> OnPostUnlockAsync(long id, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id, cancellationToken) is not { } user)
        {
            return NotFound();
        }
        Message = await editor.UnlockAsync(CurrentUser.From(User), user, Now, cancellationToken)
            ? "Unlocked: the user can sign in again."
            : "This account was not locked (the lockout may have ended by itself).";
        return Redirect($"/users/{id}");
    }
}
