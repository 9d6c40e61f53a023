using System.Security.Cryptography;

namespace Labelit.LabelStudioStandIn.Auth;

public static class RandomTokens
{
    public const string Alphanumerics = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string Hex(int length) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((length + 1) / 2))[..length];

    public static string Alphanumeric(int length) => RandomNumberGenerator.GetString(Alphanumerics, length);
}
