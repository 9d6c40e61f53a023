using Labelit.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Users;

[Authorize(Roles = Roles.Admin)]
public sealed class CreateModel(UserEditor editor) : PageModel
{
    [BindProperty]
    public UserForm Form { get; set; } = new();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var change = await editor.CreateAsync(CurrentUser.From(User), Form.ToInput(), cancellationToken);
        if (change.Succeeded)
        {
            this.Confirm($"{Form.Email!.Trim()} can now sign in as {Form.Role}. Give them the password you set; they can change it after signing in.");
            return Redirect("/users");
        }
        this.AddErrors(change.Errors, nameof(Form));
        return Page();
    }
}

public sealed class UserForm
{
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public string? Role { get; set; } = Roles.Annotator;
    public string? Password { get; set; }
    public bool IsActive { get; set; } = true;
    public int Version { get; set; }

    public UserInput ToInput() => new() { Email = Email, DisplayName = DisplayName, Role = Role, Password = Password, IsActive = IsActive };
}
