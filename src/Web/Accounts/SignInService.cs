using Microsoft.AspNetCore.Identity;

namespace Labelit.Web.Accounts;

public enum SignInOutcome { Succeeded, WrongCredentials, LockedOut, Deactivated }

/// <summary>Checks an email and password, counting failures and locking the account after too many.</summary>
public sealed class SignInService(UserStore users, IPasswordHasher<User> hasher, TimeProvider clock)
{
    public const int LockoutThreshold = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public async Task<(SignInOutcome Outcome, User? User)> CheckAsync(string email, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email.Trim(), cancellationToken);
        if (user is null)
        {
            // Hash anyway so that an unknown email takes as long as a known one.
            hasher.HashPassword(new User { Email = "", DisplayName = "", Role = Roles.Annotator }, password);
            return (SignInOutcome.WrongCredentials, null);
        }
        var now = clock.GetUtcNow();
        if (user.LockedUntil > now)
        {
            return (SignInOutcome.LockedOut, null);
        }
        var verified = hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        await users.RecordSignInAsync(user.Id, verified, LockoutThreshold, LockoutDuration, now);
        if (!verified)
        {
            return (SignInOutcome.WrongCredentials, null);
        }
        return user.IsActive ? (SignInOutcome.Succeeded, user) : (SignInOutcome.Deactivated, null);
    }
}
