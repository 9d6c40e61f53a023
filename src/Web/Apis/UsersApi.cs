using System.Security.Claims;
using Labelit.Web.Accounts;
using Labelit.Web.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Labelit.Web.Apis;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", MeAsync).WithTags("Users");
        api.MapGet("/annotators", ActiveAnnotatorsAsync).WithTags("Users").RequireAuthorization(ApiPolicies.ProjectCreator);

        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(ApiPolicies.Admin);
        users.MapGet("/", ListAsync);
        users.MapPost("/", CreateAsync);
        users.MapGet("/{id:long}", GetAsync);
        users.MapPut("/{id:long}", UpdateAsync);
        users.MapPost("/{id:long}/password", ResetPasswordAsync);

        api.MapGet("/audit", ReadAuditAsync).WithTags("Audit").RequireAuthorization(ApiPolicies.Admin);
        return api;
    }

    public static async Task<Results<Ok<UserDto>, ProblemHttpResult>> MeAsync(ClaimsPrincipal principal, UserStore users, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(CurrentUser.From(principal).Id, cancellationToken) is { } user
            ? TypedResults.Ok(UserDto.From(user))
            : ApiProblems.NotFound("user");

    public static async Task<Ok<List<UserDto>>> ActiveAnnotatorsAsync(UserStore users, CancellationToken cancellationToken) =>
        TypedResults.Ok((await users.ListAsync(cancellationToken)).Where(u => u.IsActive && u.Role == Roles.Annotator).Select(UserDto.From).ToList());

    public static async Task<Ok<List<UserDto>>> ListAsync(UserStore users, CancellationToken cancellationToken) =>
        TypedResults.Ok((await users.ListAsync(cancellationToken)).Select(UserDto.From).ToList());

    public static async Task<Results<Ok<UserDto>, ProblemHttpResult>> GetAsync(long id, UserStore users, CancellationToken cancellationToken) =>
        await users.FindByIdAsync(id, cancellationToken) is { } user ? TypedResults.Ok(UserDto.From(user)) : ApiProblems.NotFound("user");

    public static async Task<Results<Created<UserDto>, ValidationProblem>> CreateAsync(
        UserInput input, ClaimsPrincipal principal, UserEditor editor, CancellationToken cancellationToken)
    {
        var change = await editor.CreateAsync(CurrentUser.From(principal), input, cancellationToken);
        return change.Succeeded
            ? TypedResults.Created($"/api/v1/users/{change.User!.Id}", UserDto.From(change.User))
            : TypedResults.ValidationProblem(change.Errors);
    }

    /// <summary>Name, role and active flag; send the version you read so a stale edit is refused.</summary>
    public static async Task<Results<Ok<UserDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, UserUpdate update, ClaimsPrincipal principal, UserStore users, UserEditor editor, CancellationToken cancellationToken)
    {
        var existing = await users.FindByIdAsync(id, cancellationToken);
        if (existing is null)
        {
            return ApiProblems.NotFound("user");
        }
        var input = new UserInput { DisplayName = update.DisplayName, Role = update.Role, IsActive = update.IsActive };
        var change = await editor.UpdateAsync(CurrentUser.From(principal), existing, input, update.Version, cancellationToken);
        if (change.Succeeded)
        {
            return TypedResults.Ok(UserDto.From(change.User!));
        }
        return change.Errors.TryGetValue("", out var general) && general[0].StartsWith("Someone else", StringComparison.Ordinal)
            ? ApiProblems.Conflict(general[0])
            : TypedResults.ValidationProblem(change.Errors);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(
        long id, PasswordReset reset, ClaimsPrincipal principal, UserStore users, UserEditor editor, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id, cancellationToken);
        if (user is null)
        {
            return ApiProblems.NotFound("user");
        }
        var change = await editor.ResetPasswordAsync(CurrentUser.From(principal), user, reset.Password, cancellationToken);
        return change.Succeeded ? TypedResults.NoContent() : TypedResults.ValidationProblem(change.Errors);
    }

    public static async Task<Ok<List<AuditEntryDto>>> ReadAuditAsync(
        string? entityType, long? actorId, string? action, DateTimeOffset? since, int? limit, AuditLog audit, CancellationToken cancellationToken) =>
        TypedResults.Ok((await audit.ReadAsync(new AuditQuery(entityType, actorId, action, since, limit ?? 200), cancellationToken))
            .Select(AuditEntryDto.From).ToList());
}

public sealed record UserUpdate(string? DisplayName, string? Role, bool IsActive, int Version);
