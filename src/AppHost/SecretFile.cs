using System.Security.Cryptography;

namespace Labelit.AppHost;

/// <summary>Small secrets the AppHost generates once and keeps on disk, readable by their owner only.</summary>
internal static class SecretFile
{
    public static string ReadOrCreate(string path, int randomBytes, bool base64 = false)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var bytes = RandomNumberGenerator.GetBytes(randomBytes);
        var secret = base64 ? Convert.ToBase64String(bytes) : Convert.ToHexString(bytes).ToLowerInvariant();
        Write(path, secret);
        return secret;
    }

    public static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
