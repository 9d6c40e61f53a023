using System.Security.Cryptography;
using System.Text.Json;

namespace Labelit.Worker.LabelStudio;

/// <summary>
/// One instance's superuser and Django secret, generated once and stored encrypted in
/// ls_instances.admin_secrets. The Worker provisions LS through this user's legacy token.
/// </summary>
public sealed record AdminSecrets(string Email, string Password, string Token, string SecretKey)
{
    public const string AdminEmail = "labelit-admin@labelit.invalid";

    public static AdminSecrets Generate() => new(AdminEmail, RandomText(32), RandomText(40), RandomText(50));

    public string ToJson() => JsonSerializer.Serialize(this);

    public static AdminSecrets FromJson(string json) =>
        JsonSerializer.Deserialize<AdminSecrets>(json) ?? throw new InvalidDataException("Stored LS admin secrets are empty.");

    /// <summary>Letters and digits only: safe in environment variables, form fields and LS's token rules.</summary>
    public static string RandomText(int length) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length);

    public override string ToString() => $"AdminSecrets {{ Email = {Email} }}";
}
