using System.Text.Json.Nodes;
using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.Serialization;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Apis;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        api.MapGet("current-user/whoami", (HttpContext http, StandInStore store) =>
            Json(store.Read(s => LsJson.User(http.CurrentUser(), s.Organization?.Id))));
        api.MapGet("current-user/token", (HttpContext http) =>
            Json(new JsonObject { ["token"] = http.CurrentUser().ApiToken }));
        api.MapGet("users/", (StandInStore store) => Json(store.Read(s =>
            new JsonArray(s.Users.Where(u => u.IsActive).Select(u => (JsonNode)LsJson.User(u, s.Organization?.Id)).ToArray()))));
        api.MapPost("users/", CreateUser);
        api.MapGet("users/{id:int}/", (int id, StandInStore store) => store.Read(s =>
            s.Users.FirstOrDefault(u => u.Id == id && u.IsActive) is { } user
                ? Json(LsJson.User(user, s.Organization?.Id)) : LsErrors.NotFound()));
        api.MapPatch("users/{id:int}/", UpdateUser);
        api.MapDelete("users/{id:int}/", DeleteUser);
        return api;
    }

    // LS's user API cannot set a password: the user exists but cannot sign in.
    private static async Task<IResult> CreateUser(HttpRequest request, StandInStore store, TimeProvider clock)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(request);
        if (error is not null)
            return error;
        var email = body.String("email")?.Trim();
        if (string.IsNullOrEmpty(email))
            return LsErrors.Validation("email", "This field is required.");
        return store.Write(state =>
        {
            if (state.Users.Any(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)))
                return LsErrors.Validation("email", "user with this email address already exists.");
            var user = new UserRecord
            {
                Id = StandInStore.NextId(state, "user"),
                Email = email,
                Username = body.String("username") ?? email.Split('@')[0],
                FirstName = body.String("first_name") ?? "",
                LastName = body.String("last_name") ?? "",
                PasswordHash = null,
                ApiToken = RandomTokens.Hex(40),
                DateJoined = clock.GetUtcNow(),
            };
            state.Users.Add(user);
            return Json(LsJson.User(user, state.Organization?.Id), StatusCodes.Status201Created);
        });
    }

    // LS 1.8.2: any member of the organization may PATCH any user (organizations_view); the email is
    // read-only: the other fields are saved, then LS answers 405 "Cannot update read-only field".
    private static async Task<IResult> UpdateUser(int id, HttpContext http, StandInStore store)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(http.Request);
        if (error is not null)
            return error;
        return store.Write(state =>
        {
            var user = state.Users.FirstOrDefault(u => u.Id == id && u.IsActive);
            if (user is null)
                return LsErrors.NotFound();
            user.FirstName = body.String("first_name") ?? user.FirstName;
            user.LastName = body.String("last_name") ?? user.LastName;
            user.Username = body.String("username") ?? user.Username;
            return body.ContainsKey("email")
                ? LsErrors.Api(StatusCodes.Status405MethodNotAllowed, "Cannot update read-only field: email")
                : Json(LsJson.User(user, state.Organization?.Id));
        });
    }

    // The user is deactivated rather than erased, so annotations keep their completed_by id;
    // the user's sessions and token stop working at once.
    private static IResult DeleteUser(int id, StandInStore store) => store.Write(state =>
    {
        var user = state.Users.FirstOrDefault(u => u.Id == id && u.IsActive);
        if (user is null)
            return LsErrors.NotFound();
        user.IsActive = false;
        state.Sessions.RemoveAll(s => s.UserId == id);
        return Results.NoContent();
    });

    internal static IResult Json(JsonNode body, int statusCode = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(LsJson.Wire), "application/json", statusCode: statusCode);
}
