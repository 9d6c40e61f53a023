namespace Labelit.Web.Accounts.Provider;

/// <summary>When a claim of the provider has a value, a person it creates gets a role (e.g. a group to Manager).</summary>
public sealed class RoleMapping
{
    public string Claim { get; set; } = "groups";
    public string Value { get; set; } = "";
    public string Role { get; set; } = "";
}

/// <summary>Sign-in through the team's OpenID provider (settings section <c>Oidc</c>); off while Authority is unset.</summary>
public sealed class ProviderSignInOptions
{
    public const string Section = "Oidc";

    /// <summary>The provider's issuer URL; its tokens must name exactly this issuer.</summary>
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    /// <summary>Never shown back or logged.</summary>
    public string? ClientSecret { get; set; }
    public string Scopes { get; set; } = "openid profile email";
    /// <summary>What the sign-in button names ("Sign in with Google Workspace").</summary>
    public string DisplayName { get; set; } = "your organisation's account";
    /// <summary>False: the email and password form is gone; only the provider signs people in.</summary>
    public bool PasswordSignIn { get; set; } = true;
    /// <summary>Empty: any domain. Else the email must end in one of them.</summary>
    public List<string> AllowedEmailDomains { get; set; } = [];
    /// <summary>Empty: any group. Else the person must be in one of them (claim <see cref="GroupsClaim"/>).</summary>
    public List<string> AllowedGroups { get; set; } = [];
    public string GroupsClaim { get; set; } = "groups";
    /// <summary>True: a first sign-in creates a Labelit user. False: it only links to an existing user with the same verified email.</summary>
    public bool CreateUsers { get; set; } = true;
    public string DefaultRole { get; set; } = Roles.Annotator;
    public List<RoleMapping> RoleMappings { get; set; } = [];
    /// <summary>Providers that never say whether an email is verified (Entra ID) need false; then the provider is trusted for it.</summary>
    public bool RequireVerifiedEmail { get; set; } = true;
    /// <summary>How long a person may take at the provider before the sign-in must start again.</summary>
    public TimeSpan SignInTimeout { get; set; } = TimeSpan.FromMinutes(15);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The problems that stop the start, so a half-made configuration is not silently ignored.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Authority) != string.IsNullOrWhiteSpace(ClientId))
            yield return "Oidc: set both Authority and ClientId (or neither, to sign in with passwords only).";
        if (!string.IsNullOrWhiteSpace(Authority) && !Uri.TryCreate(Authority, UriKind.Absolute, out _))
            yield return $"Oidc:Authority '{Authority}' is not an absolute URL.";
        if (Roles.Parse(DefaultRole) is null)
            yield return $"Oidc:DefaultRole must be one of {string.Join(", ", Roles.All)}.";
        foreach (var mapping in RoleMappings.Where(m => Roles.Parse(m.Role) is null))
            yield return $"Oidc:RoleMappings: '{mapping.Role}' (for {mapping.Claim} = {mapping.Value}) is not one of {string.Join(", ", Roles.All)}.";
        if (!PasswordSignIn && !IsConfigured)
            yield return "Oidc:PasswordSignIn is false but no provider is configured: nobody could sign in.";
    }
}
