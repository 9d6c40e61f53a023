using System.ComponentModel.DataAnnotations;
using Labelit.Web.Audit;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Identity;

namespace Labelit.Web.Accounts.Invitations;

/// <summary>
/// Who may invite whom (admins anyone; managers annotators, to projects they manage), revoking, and
/// accepting a link with a password. Every change is audited. UI and API both call it.
/// </summary>
public sealed class InvitationEditor(InvitationStore invitations, UserStore users, ProjectStore projects, IPasswordHasher<User> hasher,
    AuditLog audit, TimeProvider clock)
{
    public const int DefaultValidDays = 7;
    public const int MaximumValidDays = 30;

    public async Task<InvitationChange> CreateAsync(CurrentUser actor, InvitationInput input, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var email = input.Email?.Trim() ?? "";
        var role = Roles.Parse(input.Role);
        var projectIds = (input.ProjectIds ?? []).Distinct().ToArray();
        var days = input.ValidDays ?? DefaultValidDays;
        if (email.Length == 0 || email.Length > UserEditor.EmailMaximumLength || !new EmailAddressAttribute().IsValid(email))
            errors[nameof(InvitationInput.Email)] = ["Enter a valid email address."];
        else if (await users.FindByEmailAsync(email, cancellationToken) is not null)
            errors[nameof(InvitationInput.Email)] = ["A user with this email already exists: assign them to the project instead."];
        if (role is null)
            errors[nameof(InvitationInput.Role)] = [$"The role must be one of {string.Join(", ", Roles.All)}."];
        else if (!actor.IsAdmin && role != Roles.Annotator)
            errors[nameof(InvitationInput.Role)] = ["Managers invite annotators only; ask an admin to invite a manager or an admin."];
        else if (role != Roles.Annotator && projectIds.Length > 0)
            errors[nameof(InvitationInput.ProjectIds)] = ["Only annotators are assigned to projects; leave the projects empty for this role."];
        if (days is < 1 or > MaximumValidDays)
            errors[nameof(InvitationInput.ValidDays)] = [$"The link must work for 1 to {MaximumValidDays} days."];
        if (actor.IsManager && projectIds.Length == 0)
            errors[nameof(InvitationInput.ProjectIds)] = ["Choose at least one of your projects for the annotator."];
        foreach (var id in projectIds)
        {
            var project = await projects.FindAsync(id, cancellationToken);
            if (project is null || (!actor.IsAdmin && project.ManagerId != actor.Id))
            {
                errors[nameof(InvitationInput.ProjectIds)] = [$"Project {id} does not exist or is not one you manage."];
                break;
            }
        }
        if (errors.Count > 0)
            return new(null, null, errors);

        var (invitation, token) = await invitations.CreateAsync(email, role!, projectIds, actor.Id, clock.GetUtcNow().AddDays(days), cancellationToken);
        await audit.WriteAsync(actor.Id, "invited", "invitation", invitation.Id,
            $"Invited {email} as {role}{Projects(projectIds)}, link valid until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC");
        return new(invitation, token, []);
    }

    /// <summary>Admins revoke any invitation, managers those they made. Null when done, else what is wrong.</summary>
    public async Task<string?> RevokeAsync(CurrentUser actor, Invitation invitation, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin && invitation.CreatedBy != actor.Id)
            return "You can revoke only the invitations you made.";
        if (!await invitations.RevokeAsync(invitation.Id, actor.Id, cancellationToken))
            return "This invitation was already used or revoked.";
        await audit.WriteAsync(actor.Id, "invitation-revoked", "invitation", invitation.Id, $"Revoked the invitation of {invitation.Email}");
        return null;
    }

    /// <summary>Whether the actor sees this invitation: admins all, managers theirs.</summary>
    public static bool MaySee(CurrentUser actor, Invitation invitation) => actor.IsAdmin || invitation.CreatedBy == actor.Id;

    /// <summary>Uses the link: creates the user with a password. On success the new user; else errors to show.</summary>
    public async Task<(User? User, Dictionary<string, string[]> Errors)> AcceptWithPasswordAsync(
        string token, string? displayName, string? password, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if ((displayName?.Trim().Length ?? 0) > UserEditor.NameMaximumLength)
            errors["DisplayName"] = [$"The name must have at most {UserEditor.NameMaximumLength} characters."];
        if (PasswordRules.Problem(password) is { } problem)
            errors["Password"] = [problem];
        if (errors.Count > 0)
            return (null, errors);
        var user = new User { Email = "", DisplayName = displayName?.Trim() ?? "", Role = Roles.Annotator };
        user = user with { PasswordHash = hasher.HashPassword(user, password!) };
        return await AcceptAsync(token, user, null, cancellationToken) switch
        {
            (AcceptOutcome.Accepted, _, var accepted) => (accepted, []),
            (AcceptOutcome.EmailTaken, _, _) => (null, new() { [""] = ["An account with this invitation's email already exists: sign in to it instead."] }),
            _ => (null, new() { [""] = [InvalidLink] }),
        };
    }

    public const string InvalidLink = "This invitation link is not valid any more: it was used, revoked or has expired. Ask for a new one.";

    /// <summary>Accepts with a prepared user (a password hash, or none and a provider login); audited.</summary>
    public async Task<(AcceptOutcome Outcome, Invitation? Invitation, User? User)> AcceptAsync(
        string token, User user, (string Issuer, string Subject)? login, CancellationToken cancellationToken = default)
    {
        var (outcome, invitation, userId) = await invitations.AcceptAsync(token, user, login, clock.GetUtcNow(), cancellationToken);
        if (outcome != AcceptOutcome.Accepted)
            return (outcome, invitation, null);
        var created = await users.FindByIdAsync(userId!.Value, cancellationToken);
        await audit.WriteAsync(userId, "invitation-accepted", "invitation", invitation!.Id,
            $"{created!.Email} accepted the invitation as {created.Role}{(login is null ? ", with a password" : ", signed in through the provider")}");
        return (outcome, invitation, created);
    }

    private static string Projects(long[] ids) => ids.Length == 0 ? "" : $" on project{(ids.Length > 1 ? "s" : "")} {string.Join(", ", ids)}";
}
