using Labelit.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Users;

[Authorize(Roles = Roles.Admin)]
public sealed class IndexModel(UserStore users, TimeProvider clock) : PageModel
{
    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public IReadOnlyList<User> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Users = await users.ListAsync(cancellationToken);
}
