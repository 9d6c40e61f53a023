using System.Security.Claims;
using Labelit.Web.Accounts;
using Labelit.Web.Accounts.Invitations;
using Labelit.Web.Pages.Invitations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Labelit.Web.Apis;

/// <summary>Invitations by link: admins invite anyone, managers annotators to their projects.</summary>
public static class InvitationsApi
{
    public static RouteGroupBuilder MapInvitationsApi(this RouteGroupBuilder api)
    {
        var invitations = api.MapGroup("/invitations").WithTags("Invitations").RequireAuthorization(ApiPolicies.ProjectCreator);
        invitations.MapGet("/", ListAsync);
        invitations.MapPost("/", CreateAsync);
        invitations.MapDelete("/{id:long}", RevokeAsync);
        return api;
    }

    /// <summary>Admins see every invitation, managers those they made.</summary>
    public static async Task<Ok<List<InvitationDto>>> ListAsync(ClaimsPrincipal principal, InvitationStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = CurrentUser.From(principal);
        var now = clock.GetUtcNow();
        return TypedResults.Ok((await store.ListAsync(actor.IsAdmin ? null : actor.Id, cancellationToken)).Select(i => InvitationDto.From(i, now)).ToList());
    }

    /// <summary>The answer holds the link, shown this once: only its hash is kept.</summary>
    public static async Task<Results<Created<CreatedInvitationDto>, ValidationProblem>> CreateAsync(
        InvitationInput input, ClaimsPrincipal principal, HttpRequest request, InvitationEditor editor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var change = await editor.CreateAsync(CurrentUser.From(principal), input, cancellationToken);
        return change.Succeeded
            ? TypedResults.Created($"/api/v1/invitations/{change.Invitation!.Id}",
                new CreatedInvitationDto(InvitationDto.From(change.Invitation, clock.GetUtcNow()), AcceptModel.Link(request, change.Token!)))
            : TypedResults.ValidationProblem(change.Errors);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        long id, ClaimsPrincipal principal, InvitationStore store, InvitationEditor editor, CancellationToken cancellationToken)
    {
        var actor = CurrentUser.From(principal);
        if (await store.FindAsync(id, cancellationToken) is not { } invitation || !InvitationEditor.MaySee(actor, invitation))
            return ApiProblems.NotFound("invitation");
        return await editor.RevokeAsync(actor, invitation, cancellationToken) is { } problem ? ApiProblems.Conflict(problem) : TypedResults.NoContent();
    }
}

/// <summary>State: pending, accepted, revoked or expired.</summary>
public sealed record InvitationDto(long Id, string Email, string Role, IReadOnlyList<long> ProjectIds, long CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string State)
{
    public static InvitationDto From(Invitation invitation, DateTimeOffset now) => new(invitation.Id, invitation.Email, invitation.Role,
        invitation.ProjectIds, invitation.CreatedBy, Utc(invitation.CreatedAt), Utc(invitation.ExpiresAt), invitation.StateAt(now).ToString().ToLowerInvariant());

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

public sealed record CreatedInvitationDto(InvitationDto Invitation, string Link);
