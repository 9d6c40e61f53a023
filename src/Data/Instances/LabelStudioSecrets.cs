using Microsoft.AspNetCore.DataProtection;

namespace Labelit.Data.Instances;

/// <summary>
/// Encrypts LS passwords, tokens and secret keys before they reach the database. Web and Worker
/// share the key ring (AddLabelitDataProtection), so either can read what the other wrote.
/// </summary>
public sealed class LabelStudioSecrets(IDataProtectionProvider provider)
{
    public const string Purpose = "Labelit.LabelStudio.Secrets";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string ciphertext) => _protector.Unprotect(ciphertext);
}
