using Microsoft.AspNetCore.DataProtection;

namespace Labelit.Web.Storage;

/// <summary>
/// Encrypts storage credentials before they reach the database. The key ring is shared with the
/// Worker (AddLabelitDataProtection), which decrypts them to read the stores.
/// </summary>
public sealed class StorageSecrets(IDataProtectionProvider provider)
{
    public const string Purpose = Data.Storage.StorageConnectionReader.SecretPurpose;

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string ciphertext) => _protector.Unprotect(ciphertext);
}
