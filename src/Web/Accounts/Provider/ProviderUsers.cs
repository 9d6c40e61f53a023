using Labelit.Web.Accounts.Invitations;
using Labelit.Web.Audit;
using Microsoft.Extensions.Options;

namespace Labelit.Web.Accounts.Provider;

/// <summary>
/// Decides who a person signed in at the provider is in Labelit: the user their provider account is
/// linked to, the one an invitation creates, an existing user with the same verified email (linked
/// now), or a new user when self-creation is on. Everyone must pass the allowed domains and groups;
/// a deactivated user stays out whatever the provider says. Refusals are audited.
/// </summary>
public sealed class ProviderUsers(IOptions<ProviderSignInOptions> options, UserStore users, UserLoginStore logins,
    InvitationStore invitationStore, InvitationEditor invitations, AuditLog audit)
{
    private ProviderSignInOptions Settings => options.Value;

    public async Task<(User? User, ProviderRefusal? Refusal)> SignInAsync(ProviderIdentity identity, string? invitationToken, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DecideAsync(identity, invitationToken, cancellationToken);
        if (refusal is { } reason)
        {
            await audit.WriteAsync(null, "sign-in-refused", "user", user?.Id,
                $"Refused sign-in through the provider as {identity.Email ?? identity.Subject}: {reason}");
            return (null, reason);
        }
        return (user, null);
    }

    private async Task<(User? User, ProviderRefusal? Refusal)> DecideAsync(ProviderIdentity identity, string? invitationToken, CancellationToken cancellationToken)
    {
        if (GateRefusal(identity) is { } gate)
            return (null, gate);

        if (await logins.FindUserIdAsync(identity.Issuer, identity.Subject, cancellationToken) is { } linkedId
            && await users.FindByIdAsync(linkedId, cancellationToken) is { } linked)
            return linked.IsActive ? (linked, null) : (linked, ProviderRefusal.Deactivated);

        if (string.IsNullOrEmpty(identity.Email))
            return (null, ProviderRefusal.NoEmail);
        if (Settings.RequireVerifiedEmail && !identity.EmailVerified)
            return (null, ProviderRefusal.UnverifiedEmail);

        if (invitationToken is not null)
            return await AcceptInvitationAsync(identity, invitationToken, cancellationToken);

        if (await users.FindByEmailAsync(identity.Email, cancellationToken) is { } existing)
        {
            if (!existing.IsActive)
                return (existing, ProviderRefusal.Deactivated);
            await logins.LinkAsync(identity.Issuer, identity.Subject, existing.Id, cancellationToken);
            await audit.WriteAsync(existing.Id, "linked", "user", existing.Id, $"{existing.Email} signed in through the provider for the first time (linked by verified email)");
            return (existing, null);
        }
        if (!Settings.CreateUsers)
            return (null, ProviderRefusal.NoAccount);
        return await CreateAsync(identity, cancellationToken);
    }

    private ProviderRefusal? GateRefusal(ProviderIdentity identity)
    {
        var settings = Settings;
        if (settings.AllowedEmailDomains.Count > 0
            && !settings.AllowedEmailDomains.Any(domain => string.Equals(domain.Trim().TrimStart('@'), identity.Domain, StringComparison.OrdinalIgnoreCase)))
            return ProviderRefusal.DomainNotAllowed;
        if (settings.AllowedGroups.Count > 0 && !settings.AllowedGroups.Any(group => identity.Has(settings.GroupsClaim, group.Trim())))
            return ProviderRefusal.GroupNotAllowed;
        return null;
    }

    private async Task<(User?, ProviderRefusal?)> AcceptInvitationAsync(ProviderIdentity identity, string token, CancellationToken cancellationToken)
    {
        var invitation = await invitationStore.FindByTokenAsync(token, cancellationToken);
        if (invitation is null)
            return (null, ProviderRefusal.InvitationInvalid);
        if (!string.Equals(invitation.Email, identity.Email, StringComparison.OrdinalIgnoreCase))
            return (null, ProviderRefusal.InvitationOtherEmail);
        var user = new User { Email = invitation.Email, DisplayName = identity.Name?.Trim() ?? "", Role = invitation.Role };
        var (outcome, _, created) = await invitations.AcceptAsync(token, user, (identity.Issuer, identity.Subject), cancellationToken);
        return outcome switch
        {
            AcceptOutcome.Accepted => (created, null),
            AcceptOutcome.EmailTaken => (null, ProviderRefusal.EmailTaken),
            _ => (null, ProviderRefusal.InvitationInvalid),
        };
    }

    private async Task<(User?, ProviderRefusal?)> CreateAsync(ProviderIdentity identity, CancellationToken cancellationToken)
    {
        var role = Settings.RoleMappings.FirstOrDefault(m => identity.Has(m.Claim, m.Value)) is { } mapping
            ? Roles.Parse(mapping.Role)!
            : Roles.Parse(Settings.DefaultRole)!;
        var name = string.IsNullOrWhiteSpace(identity.Name) ? identity.Email! : identity.Name.Trim();
        // No password: this person signs in through the provider (an empty hash never verifies).
        var created = await users.CreateAsync(new User { Email = identity.Email!, DisplayName = name[..Math.Min(name.Length, UserEditor.NameMaximumLength)], Role = role }, cancellationToken);
        if (created is null)
            return (null, ProviderRefusal.EmailTaken);
        await logins.LinkAsync(identity.Issuer, identity.Subject, created.Id, cancellationToken);
        await audit.WriteAsync(created.Id, "created", "user", created.Id,
            $"Created {created.Role} {created.DisplayName} <{created.Email}> at their first sign-in through the provider");
        return (created, null);
    }
}
