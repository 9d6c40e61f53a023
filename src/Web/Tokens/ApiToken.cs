using System.Security.Cryptography;
using System.Text;

namespace Labelit.Web.Tokens;

/// <summary>Times are UTC (PostgreSQL timestamptz, as Npgsql reads it).</summary>
public sealed record ApiToken(long Id, long UserId, string Name, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>Personal API tokens look like lbt_ + 43 URL-safe characters; only their SHA-256 is stored.</summary>
public static class ApiTokenFormat
{
    public const string Prefix = "lbt_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // A fast hash is right here: the token has 256 random bits, so there is nothing to guess.
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
