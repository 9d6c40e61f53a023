using System.Security.Claims;
using Labelit.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace Labelit.Web.Tests;

/// <summary>The sign-in cookie decrypted once and remembered: what must still hold for every request.</summary>
public sealed class CachedTicketFormatTests
{
    private readonly SettableClock _clock = new();
    private readonly KeyRing _keyRing = new(new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("cookie tests")));
    private readonly CachedTicketFormat _format;

    public CachedTicketFormatTests() => _format = new CachedTicketFormat(_keyRing, _clock);

    [Fact]
    public void Each_request_gets_its_own_copy_of_the_user_so_one_cannot_change_the_next()
    {
        var cookie = _format.Protect(Ticket("annotator@example.com"));

        foreach (var request in Enumerable.Range(0, 2))
        {
            var ticket = _format.Unprotect(cookie)!;
            ((ClaimsIdentity)ticket.Principal.Identity!).AddClaim(new Claim(ClaimTypes.Role, "Admin"));
        }
        var next = _format.Unprotect(cookie)!;

        Assert.Equal("annotator@example.com", next.Principal.FindFirstValue(ClaimTypes.Email));
        Assert.False(next.Principal.IsInRole("Admin"));
    }

    [Fact]
    public void A_tampered_cookie_is_refused_every_time()
    {
        var cookie = _format.Protect(Ticket("someone@example.com"));
        var tampered = cookie[..^4] + (cookie[^4] == 'A' ? "BBBB" : "AAAA");

        Assert.Null(_format.Unprotect(tampered));
        Assert.Null(_format.Unprotect(tampered));
        Assert.NotNull(_format.Unprotect(cookie));
    }

    [Fact]
    public void A_cookie_the_key_ring_stops_accepting_is_refused_once_its_minute_is_over()
    {
        var cookie = _format.Protect(Ticket("someone@example.com"));
        Assert.NotNull(_format.Unprotect(cookie));

        _keyRing.Revoked = true; // e.g. its key revoked after a leak
        _clock.Advance(CachedTicketFormat.Lifetime);

        Assert.Null(_format.Unprotect(cookie));
    }

    private static AuthenticationTicket Ticket(string email) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Email, email), new Claim(ClaimTypes.Role, "Annotator")], "cookie")),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, "Cookies");

    /// <summary>The real data-protected format, with a switch standing in for a key revocation.</summary>
    private sealed class KeyRing(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
    {
        public bool Revoked { get; set; }

        public string Protect(AuthenticationTicket data) => inner.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) => Revoked ? null : inner.Unprotect(protectedText, purpose);
    }

    private sealed class SettableClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
