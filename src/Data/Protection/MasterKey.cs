using Microsoft.Extensions.Configuration;

namespace Labelit.Data.Protection;

/// <summary>
/// The 256-bit key that encrypts the Data Protection key ring before it is stored in the database.
/// From DataProtection:MasterKey (base64) or the file named by DataProtection:MasterKeyFile.
/// </summary>
public sealed class MasterKey(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes.Length == 32
        ? bytes
        : throw new InvalidOperationException("The data protection master key must be 32 bytes (base64 of 32 random bytes).");

    public static MasterKey FromConfiguration(IConfiguration configuration)
    {
        var inline = configuration["DataProtection:MasterKey"];
        var file = configuration["DataProtection:MasterKeyFile"];
        var encoded = !string.IsNullOrWhiteSpace(inline) ? inline
            : !string.IsNullOrWhiteSpace(file) ? File.ReadAllText(file)
            : throw new InvalidOperationException(
                "No master key: set DataProtection__MasterKeyFile or DataProtection__MasterKey (the AppHost creates one in .labelit/master.key).");
        try
        {
            return new MasterKey(Convert.FromBase64String(encoded.Trim()));
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("The data protection master key is not valid base64.");
        }
    }
}
