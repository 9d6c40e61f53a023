using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

public static class InviteApi
{
    public static RouteGroupBuilder MapInviteApi(this RouteGroupBuilder api)
    {
        api.MapGet("invite", (StandInStore store) => store.Read(s =>
            s.Organization is null ? LsErrors.NotFound() : UsersApi.Json(InviteOf(s.Organization))));
        api.MapPost("invite/reset-token", (StandInStore store) => store.Write(s =>
        {
            if (s.Organization is null)
                return LsErrors.NotFound();
            s.Organization.Token = RandomTokens.Hex(40);
            return UsersApi.Json(InviteOf(s.Organization), StatusCodes.Status201Created);
        }));
        return api;
    }

    // The invite URL is never prefixed with LABEL_STUDIO_HOST's path (docs/label-studio-contract.md).
    private static JsonObject InviteOf(OrganizationRecord organization) => new()
    {
        ["invite_url"] = $"/user/signup/?token={organization.Token}",
        ["token"] = organization.Token,
    };
}
