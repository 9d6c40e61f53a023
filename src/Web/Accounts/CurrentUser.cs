using System.Security.Claims;

namespace Labelit.Web.Accounts;

/// <summary>Who is asking, as the request's claims say (already checked against the database).</summary>
public sealed record CurrentUser(long Id, string Role)
{
    public bool IsAdmin => Role == Roles.Admin;
    public bool IsManager => Role == Roles.Manager;
    public bool IsAnnotator => Role == Roles.Annotator;

    public static CurrentUser From(ClaimsPrincipal principal) =>
        new(principal.UserId() ?? throw new InvalidOperationException("The request has no signed-in user."),
            principal.FindFirstValue(ClaimTypes.Role) ?? "");
}
