using Labelit.Web.Accounts;
using Labelit.Web.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Admin.StorageConnections;

[Authorize(Roles = Roles.Admin)]
public sealed class DeleteModel(StorageConnectionStore store, StorageConnectionEditor editor) : PageModel
{
    public StorageConnection Connection { get; private set; } = null!;

    [BindProperty]
    public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } connection)
        {
            return NotFound();
        }
        Connection = connection;
        Version = connection.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } connection)
        {
            return NotFound();
        }
        Connection = connection;
        var change = await editor.DeleteAsync(CurrentUser.From(User), connection, Version, cancellationToken);
        if (!change.Succeeded)
        {
            ModelState.AddModelError("", change.Errors.Values.First()[0]);
            return Page();
        }
        this.Confirm($"Connection \"{connection.Name}\" deleted.");
        return Redirect("/admin/storage/connections");
    }
}
