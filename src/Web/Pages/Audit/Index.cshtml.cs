using Labelit.Web.Accounts;
using Labelit.Web.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Audit;

[Authorize(Roles = Roles.Admin)]
public sealed class IndexModel(AuditLog audit) : PageModel
{
    public static readonly IReadOnlyList<string> EntityTypes = ["user", "project", "assignment", "invitation"];

    [BindProperty(SupportsGet = true)]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Entries = await audit.ReadAsync(new AuditQuery(
            EntityTypes.Contains(EntityType) ? EntityType : null,
            Action: string.IsNullOrWhiteSpace(Action) ? null : Action.Trim()), cancellationToken);
}
