using Labelit.Data.Changes;
using Labelit.Web.Changes;

namespace Labelit.Web.Accounts;

/// <summary>
/// The users the sign-in cookie check reads on every request, kept in memory until PostgreSQL
/// announces a change to them (deactivation, role, password reset), so access still ends at once.
/// </summary>
public sealed class CachedUsers(UserStore users, ChangeNotices notices)
{
    private readonly NoticeCache<long, User?> _cache = new(notices,
        notice => notice.Table == "users" ? (notice.UserId is { } id ? [id] : null) : []);

    public Task<User?> FindByIdAsync(long id) => _cache.GetAsync(id, key => users.FindByIdAsync(key));

    /// <summary>This process changed the user: forget them now rather than when the notice arrives.</summary>
    public void Forget(long id) => _cache.Invalidate([id]);
}
