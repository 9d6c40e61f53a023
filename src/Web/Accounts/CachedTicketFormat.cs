using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Labelit.Web.Accounts;

/// <summary>
/// The sign-in cookie's format, remembering what each cookie decrypts to. A browser sends the same
/// cookie with every request (every proxied LS asset and API call), and unprotecting it again each
/// time (key derivation, HMAC and AES) was the largest share of a proxied request's CPU. Only cookies
/// the key ring decrypted are remembered, for <see cref="Lifetime"/> at most (a revoked key stops them
/// within that), and every request gets its own copy of the ticket. Whether the user may still use
/// it is checked on every request regardless (<see cref="UserClaims.ValidateAsync"/>).
/// </summary>
public sealed class CachedTicketFormat(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>More sessions than this at once are decrypted as before rather than held in memory.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<(string Text, string? Purpose), Entry> _tickets = new();

    private sealed record Entry(AuthenticationTicket Ticket, DateTimeOffset Until);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var key = (protectedText, purpose);
        if (_tickets.TryGetValue(key, out var entry) && now < entry.Until)
        {
            return Copy(entry.Ticket);
        }
        var ticket = inner.Unprotect(protectedText, purpose);
        if (ticket is null)
        {
            _tickets.TryRemove(key, out _);
            return null;
        }
        MakeRoom(now);
        _tickets[key] = new Entry(Copy(ticket), now + Lifetime);
        return ticket;
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_tickets.Count < Capacity)
        {
            return;
        }
        foreach (var (key, entry) in _tickets)
        {
            if (entry.Until <= now)
            {
                _tickets.TryRemove(key, out _);
            }
        }
        if (_tickets.Count >= Capacity)
        {
            _tickets.Clear();
        }
    }

    /// <summary>
    /// A request may add claims or change properties; the next request must not see that. (Identities
    /// are cloned one by one: ClaimsPrincipal.Clone shares them.)
    /// </summary>
    private static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
        new(new ClaimsPrincipal(ticket.Principal.Identities.Select(identity => identity.Clone())), ticket.Properties.Clone(), ticket.AuthenticationScheme);
}
