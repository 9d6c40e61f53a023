using System.ComponentModel.DataAnnotations;
using Labelit.Web.Audit;
using Microsoft.AspNetCore.Identity;

namespace Labelit.Web.Accounts;

public sealed record UserChange(User? User, Dictionary<string, string[]> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>What admins do to users, with validation and an audit entry. UI and API both call it.</summary>
public sealed class UserEditor(UserStore users, CachedUsers cache, IPasswordHasher<User> hasher, AuditLog audit)
{
    public const int NameMaximumLength = 100;
    public const int EmailMaximumLength = 320;

    public async Task<UserChange> CreateAsync(CurrentUser actor, UserInput input, CancellationToken cancellationToken = default)
    {
        var errors = Validate(input, isNew: true);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        var user = new User { Email = input.Email!.Trim(), DisplayName = DisplayName(input), Role = Roles.Parse(input.Role)!, IsActive = input.IsActive };
        var created = await users.CreateAsync(user with { PasswordHash = hasher.HashPassword(user, input.Password!) }, cancellationToken);
        if (created is null)
        {
            return new(null, new() { [nameof(UserInput.Email)] = ["A user with this email already exists."] });
        }
        await audit.WriteAsync(actor.Id, "created", "user", created.Id, $"Created {created.Role} {created.DisplayName} <{created.Email}>");
        return new(created, []);
    }

    public async Task<UserChange> UpdateAsync(CurrentUser actor, User existing, UserInput input, int version, CancellationToken cancellationToken = default)
    {
        var errors = Validate(input with { Email = existing.Email }, isNew: false);
        var role = Roles.Parse(input.Role);
        if (existing.Id == actor.Id && (role != Roles.Admin || !input.IsActive))
        {
            errors[""] = ["You cannot remove your own admin role or deactivate yourself; ask another admin."];
        }
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        if (!await users.UpdateAsync(existing.Id, DisplayName(input), role!, input.IsActive, version, cancellationToken))
        {
            return new(null, new() { [""] = ["Someone else changed this user after you opened it. Reload the page, then edit again."] });
        }
        cache.Forget(existing.Id);
        var updated = await users.FindByIdAsync(existing.Id, cancellationToken);
        await audit.WriteAsync(actor.Id, "changed", "user", existing.Id, $"Changed {existing.Email}: {Describe(existing, updated!)}");
        return new(updated, []);
    }

    public async Task<UserChange> ResetPasswordAsync(CurrentUser actor, User user, string? password, CancellationToken cancellationToken = default)
    {
        if (PasswordRules.Problem(password) is { } problem)
        {
            return new(null, new() { [nameof(UserInput.Password)] = [problem] });
        }
        await users.SetPasswordAsync(user.Id, hasher.HashPassword(user, password!), cancellationToken);
        cache.Forget(user.Id);
        await audit.WriteAsync(actor.Id, "reset-password", "user", user.Id, $"Reset the password of {user.Email}");
        return new(user, []);
    }

    /// <summary>Lifts a sign-in lockout before it ends; false when the account was not locked.</summary>
    public async Task<bool> UnlockAsync(CurrentUser actor, User user, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (!await users.UnlockAsync(user.Id, now, cancellationToken))
        {
            return false;
        }
        await audit.WriteAsync(actor.Id, "unlocked", "user", user.Id, $"Unlocked sign-in for {user.Email}");
        return true;
    }

    private static Dictionary<string, string[]> Validate(UserInput input, bool isNew)
    {
        var errors = new Dictionary<string, string[]>();
        var email = input.Email?.Trim() ?? "";
        if (email.Length == 0 || email.Length > EmailMaximumLength || !new EmailAddressAttribute().IsValid(email))
        {
            errors[nameof(UserInput.Email)] = ["Enter a valid email address."];
        }
        if ((input.DisplayName?.Trim().Length ?? 0) > NameMaximumLength)
        {
            errors[nameof(UserInput.DisplayName)] = [$"The name must have at most {NameMaximumLength} characters."];
        }
        if (Roles.Parse(input.Role) is null)
        {
            errors[nameof(UserInput.Role)] = [$"The role must be one of {string.Join(", ", Roles.All)}."];
        }
        if (isNew && PasswordRules.Problem(input.Password) is { } problem)
        {
            errors[nameof(UserInput.Password)] = [problem];
        }
        return errors;
    }

    private static string DisplayName(UserInput input) =>
        string.IsNullOrWhiteSpace(input.DisplayName) ? input.Email!.Trim() : input.DisplayName.Trim();

    private static string Describe(User before, User after)
    {
        var changes = new List<string>();
        if (before.DisplayName != after.DisplayName) changes.Add($"name \"{after.DisplayName}\"");
        if (before.Role != after.Role) changes.Add($"role {before.Role} -> {after.Role}");
        if (before.IsActive != after.IsActive) changes.Add(after.IsActive ? "reactivated" : "deactivated");
        return changes.Count == 0 ? "no change" : string.Join(", ", changes);
    }
}
