using Labelit.Web.Audit;
using Microsoft.AspNetCore.Identity;

namespace Labelit.Web.Accounts;

public enum SignInOutcome { Succeeded, WrongCredentials, LockedOut, Deactivated }

/// <summary>
/// Checks an email and password, counting failures and locking after too many. An unknown email is
/// hashed, counted and locked like a known one, so answers and timing do not reveal who has an account.
/// </summary>
public sealed class SignInService(UserStore users, UnknownEmailSignIns unknownEmails, IPasswordHasher<User> hasher, AuditLog audit, TimeProvider clock)
{
    public const int LockoutThreshold = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>What the sign-in page says to a locked email, known or not.</summary>
    public static string LockedOutMessage =>
        $"Too many failed attempts: sign-in with this email is locked for {LockoutDuration.TotalMinutes:0} minutes. Try again later, or ask an admin to unlock it.";

    private static readonly User Nobody = new() { Email = "", DisplayName = "", Role = Roles.Annotator };
    // A real hash of a password nobody has, so an unknown email costs the same verification as a known one.
    private readonly Lazy<string> _nobodysHash = new(() => hasher.HashPassword(Nobody, Guid.NewGuid().ToString()));

    public async Task<(SignInOutcome Outcome, User? User)> CheckAsync(string email, string password, CancellationToken cancellationToken)
    {
        email = email.Trim();
        var now = clock.GetUtcNow();
        var user = await users.FindByEmailAsync(email, cancellationToken);
        if (user is null)
        {
            return (await CheckUnknownAsync(email, password, now, cancellationToken), null);
        }
        if (user.LockedUntil > now)
        {
            return (SignInOutcome.LockedOut, null);
        }
        var verified = hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        var lockedUntil = await users.RecordSignInAsync(user.Id, verified, LockoutThreshold, LockoutDuration, now);
        if (!verified)
        {
            await audit.WriteAsync(null, "sign-in-failed", "user", user.Id, $"Failed sign-in as {user.Email}: wrong password");
            return await LockedOrWrongAsync(user.Id, user.Email, lockedUntil);
        }
        return user.IsActive ? (SignInOutcome.Succeeded, user) : (SignInOutcome.Deactivated, null);
    }

    private async Task<SignInOutcome> CheckUnknownAsync(string email, string password, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await unknownEmails.LockedUntilAsync(email, cancellationToken) > now)
        {
            return SignInOutcome.LockedOut;
        }
        hasher.VerifyHashedPassword(Nobody, _nobodysHash.Value, password);
        var lockedUntil = await unknownEmails.RecordFailureAsync(email, LockoutThreshold, LockoutDuration, now);
        await audit.WriteAsync(null, "sign-in-failed", "user", null, $"Failed sign-in with {email}, which belongs to no account");
        return (await LockedOrWrongAsync(null, email, lockedUntil)).Outcome;
    }

    private async Task<(SignInOutcome Outcome, User? User)> LockedOrWrongAsync(long? userId, string email, DateTimeOffset? lockedUntil)
    {
        if (lockedUntil is null)
        {
            return (SignInOutcome.WrongCredentials, null);
        }
        await audit.WriteAsync(null, "locked", "user", userId,
            $"Locked sign-in with {email} after {LockoutThreshold} failed attempts, until {lockedUntil.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        return (SignInOutcome.LockedOut, null);
    }
}
