using System.Security.Claims;
using Labelit.Plugins;
using Labelit.Web.Accounts;
using Labelit.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Labelit.Web.Apis;

/// <summary>Named storage connections, for admins. Secrets go in and are never returned (only <c>hasSecret</c>).</summary>
public static class StorageConnectionsApi
{
    public static RouteGroupBuilder MapStorageConnectionsApi(this RouteGroupBuilder api)
    {
        var connections = api.MapGroup("/storage-connections").WithTags("Storage connections").RequireAuthorization(ApiPolicies.Admin);
        connections.MapGet("/", ListAsync);
        connections.MapPost("/", CreateAsync);
        connections.MapGet("/{id:long}", GetAsync);
        connections.MapPut("/{id:long}", UpdateAsync);
        connections.MapDelete("/{id:long}", DeleteAsync);
        connections.MapPost("/{id:long}/test", TestAsync);
        return api;
    }

    public static async Task<Ok<List<StorageConnectionDto>>> ListAsync(StorageConnectionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(StorageConnectionDto.From).ToList());

    public static async Task<Results<Ok<StorageConnectionDto>, ProblemHttpResult>> GetAsync(long id, StorageConnectionStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } connection ? TypedResults.Ok(StorageConnectionDto.From(connection)) : NotFound();

    public static async Task<Results<Created<StorageConnectionDto>, ValidationProblem>> CreateAsync(
        StorageConnectionInput input, ClaimsPrincipal principal, StorageConnectionEditor editor, CancellationToken cancellationToken)
    {
        var change = await editor.CreateAsync(CurrentUser.From(principal), input, cancellationToken);
        return change.Succeeded
            ? TypedResults.Created($"/api/v1/storage-connections/{change.Connection!.Id}", StorageConnectionDto.From(change.Connection))
            : TypedResults.ValidationProblem(change.Errors);
    }

    /// <summary>Replaces the settings; send the version you read (<c>?version=</c>). An empty secret keeps the stored one.</summary>
    public static async Task<Results<Ok<StorageConnectionDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, int? version, StorageConnectionInput input, ClaimsPrincipal principal, StorageConnectionStore store,
        StorageConnectionEditor editor, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } existing)
        {
            return NotFound();
        }
        if (version is null)
        {
            return VersionMissing();
        }
        var change = await editor.UpdateAsync(CurrentUser.From(principal), existing, input, version.Value, cancellationToken);
        if (change.Succeeded)
        {
            return TypedResults.Ok(StorageConnectionDto.From(change.Connection!));
        }
        return change.IsStale ? ApiProblems.Conflict(StorageConnectionChange.StaleMessage) : TypedResults.ValidationProblem(change.Errors);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        long id, int? version, ClaimsPrincipal principal, StorageConnectionStore store, StorageConnectionEditor editor, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } existing)
        {
            return NotFound();
        }
        if (version is null)
        {
            return VersionMissing();
        }
        var change = await editor.DeleteAsync(CurrentUser.From(principal), existing, version.Value, cancellationToken);
        return change.Succeeded ? TypedResults.NoContent() : ApiProblems.Conflict(StorageConnectionChange.StaleMessage);
    }

    /// <summary>Lists <c>location</c> with the stored settings; the answer says what works or what to fix. Stores nothing.</summary>
    public static async Task<Results<Ok<ConnectionTestDto>, ProblemHttpResult>> TestAsync(
        long id, ConnectionTestRequest request, StorageConnectionStore store, StorageConnectionEditor editor, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } connection)
        {
            return NotFound();
        }
        return TypedResults.Ok(ConnectionTestDto.From(await editor.TestAsync(connection, request.Location, cancellationToken)));
    }

    private static ProblemHttpResult NotFound() => ApiProblems.NotFound("storage connection");

    private static ValidationProblem VersionMissing() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["Send ?version= with the version you read, so a stale change is refused."] });
}

public sealed record StorageConnectionDto(
    long Id, string Name, string Kind, string? Endpoint, string? Region, bool ForcePathStyle, string? AccessKeyId, bool HasSecret,
    IReadOnlyDictionary<string, string> Options, string MediaDelivery, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static StorageConnectionDto From(StorageConnection c) =>
        new(c.Id, c.Name, c.Kind, c.Endpoint, c.Region, c.ForcePathStyle, c.AccessKeyId, c.HasSecret, c.Options, c.MediaDelivery, c.CreatedAt, c.UpdatedAt, c.Version);
}

/// <param name="Location">What to list, e.g. <c>s3://bucket/prefix/</c>.</param>
public sealed record ConnectionTestRequest(string? Location);

/// <param name="Failure">Null when it works; otherwise UnreachableEndpoint, WrongCredentials, MissingBucket, NoPermission, InvalidSettings, InvalidLocation, ...</param>
public sealed record ConnectionTestDto(bool Succeeded, string? Failure, string Message)
{
    public static ConnectionTestDto From(ConnectionTestResult result) => new(result.Succeeded, result.Failure?.ToString(), result.Message);
}
