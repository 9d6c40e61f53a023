using Labelit.Web.Accounts;
using Labelit.Web.Tokens;
using Microsoft.AspNetCore.Authorization;

namespace Labelit.Web.Apis;

/// <summary>API policies: token authentication only; roles on top. Project-level rules live in the handlers.</summary>
public static class ApiPolicies
{
    public const string SignedIn = "api";
    public const string ProjectCreator = "api-project-creator";
    public const string Admin = "api-admin";

    public static AuthorizationBuilder AddApiPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(SignedIn, policy => Token(policy))
        .AddPolicy(ProjectCreator, policy => Token(policy).RequireRole(Roles.Admin, Roles.Manager))
        .AddPolicy(Admin, policy => Token(policy).RequireRole(Roles.Admin));

    private static AuthorizationPolicyBuilder Token(AuthorizationPolicyBuilder policy) =>
        policy.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser();
}
