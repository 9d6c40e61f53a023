using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.Options;

namespace Labelit.LabelStudioStandIn.Storage;

/// <summary>
/// What LS does at start with LABEL_STUDIO_USERNAME/PASSWORD/USER_TOKEN: create that superuser
/// (and the one organization) if the user does not exist yet. It never signs anybody in.
/// </summary>
public static class StandInBootstrap
{
    public static void EnsureInitialUser(StandInStore store, StandInOptions options, TimeProvider clock)
    {
        if (options.Username is null || options.Password is null)
            return;
        store.Write(state =>
        {
            var existing = state.Users.FirstOrDefault(u => string.Equals(u.Email, options.Username, StringComparison.OrdinalIgnoreCase));
            if (existing is null)
                AddUser(state, options.Username, options.Password, isSuperuser: true, options.UserToken, clock.GetUtcNow());
            return 0;
        });
    }

    /// <summary>Keeps one generated signing key for when SECRET_KEY is not given, so tokens survive restarts.</summary>
    public static void EnsureSecretKey(StandInStore store)
    {
        if (store.Read(s => s.GeneratedSecretKey) is null)
            store.Write(s => s.GeneratedSecretKey = RandomTokens.Hex(50));
    }

    /// <summary>Adds a user who can sign in; the first user also creates the organization.</summary>
    public static UserRecord AddUser(StoredState state, string email, string password, bool isSuperuser,
        string? apiToken, DateTimeOffset now)
    {
        var user = new UserRecord
        {
            Id = StandInStore.NextId(state, "user"),
            Email = email,
            Username = email.Split('@')[0],
            PasswordHash = PasswordHasher.Hash(password),
            ApiToken = apiToken ?? RandomTokens.Hex(40),
            IsSuperuser = isSuperuser,
            DateJoined = now,
        };
        state.Users.Add(user);
        state.Organization ??= new OrganizationRecord
        {
            Id = 1,
            Token = RandomTokens.Hex(40),
            CreatedBy = user.Id,
            CreatedAt = now,
        };
        return user;
    }
}
