using Labelit.Web.Accounts;
using Labelit.Web.Accounts.Invitations;
using Labelit.Web.Accounts.Provider;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Labelit.Web.Pages.Invitations;

/// <summary>Admins invite anyone; managers invite annotators to the projects they manage.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Manager}")]
public sealed class IndexModel(InvitationEditor editor, InvitationStore invitations, ProjectStore projects,
    IOptions<ProviderSignInOptions> provider, TimeProvider clock) : PageModel
{
    [BindProperty]
    public InvitationInput Form { get; set; } = new() { Role = Roles.Annotator, ValidDays = InvitationEditor.DefaultValidDays };

    public IReadOnlyList<Invitation> Invitations { get; private set; } = [];
    public IReadOnlyList<Project> Projects { get; private set; } = [];
    public IReadOnlyList<string> RolesOffered => CurrentUser.From(User).IsAdmin ? Roles.All : [Roles.Annotator];
    public bool ProviderConfigured => provider.Value.IsConfigured;
    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    /// <summary>Set only on the response that created the invitation: the link is never shown again.</summary>
    public string? NewLink { get; private set; }
    public string? NewEmail { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var change = await editor.CreateAsync(CurrentUser.From(User), Form, cancellationToken);
        if (change.Succeeded)
        {
            NewLink = AcceptModel.Link(Request, change.Token!);
            NewEmail = change.Invitation!.Email;
            Form = new() { Role = Roles.Annotator, ValidDays = InvitationEditor.DefaultValidDays };
            ModelState.Clear();
        }
        else
        {
            this.AddErrors(change.Errors, nameof(Form));
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long invitationId, CancellationToken cancellationToken)
    {
        var actor = CurrentUser.From(User);
        if (await invitations.FindAsync(invitationId, cancellationToken) is not { } invitation || !InvitationEditor.MaySee(actor, invitation))
            return NotFound();
        if (await editor.RevokeAsync(actor, invitation, cancellationToken) is { } problem)
        {
            ModelState.AddModelError("", problem);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Redirect("/invitations");
    }

    public string ProjectName(long id) => Projects.FirstOrDefault(p => p.Id == id)?.Name ?? $"project {id}";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var actor = CurrentUser.From(User);
        Invitations = await invitations.ListAsync(actor.IsAdmin ? null : actor.Id, cancellationToken);
        Projects = await projects.ListVisibleAsync(actor, cancellationToken);
    }
}
