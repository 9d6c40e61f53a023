namespace Labelit.LabelStudioStandIn.Tests.Support;

/// <summary>The environment Labelit gives an LS instance, with the admin every test signs in as.</summary>
public static class Settings
{
    public const string AdminEmail = "admin@labelit.test";
    public const string AdminPassword = "admin-password-1";
    public const string AdminToken = "labelit-admin-token-0123456789";

    public const string TextConfig =
        """<View><Text name="text" value="$text"/><Choices name="sentiment" toName="text"><Choice value="Positive"/><Choice value="Negative"/></Choices></View>""";

    public static Dictionary<string, string> Instance(bool legacyTokens = true, params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["LABEL_STUDIO_USERNAME"] = AdminEmail,
            ["LABEL_STUDIO_PASSWORD"] = AdminPassword,
            ["LABEL_STUDIO_USER_TOKEN"] = AdminToken,
            ["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] = legacyTokens ? "true" : "false",
            ["SECRET_KEY"] = "test-secret-key",
        };
        foreach (var (name, value) in extra)
            environment[name] = value;
        return environment;
    }
}
