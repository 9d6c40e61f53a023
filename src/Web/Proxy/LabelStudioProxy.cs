using System.Net.Http.Json;
using System.Text.Json;
using Labelit.Data.Distribution;
using Labelit.Data.Instances;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Labelit.Web.Proxy;

/// <summary>
/// /projects/{slug}/ls/{**path}: the only door to a project's Label Studio. It lets in the people the
/// project admits, applies the role's allow-list, starts a stopped instance, and forwards the
/// request signed in as the person's own LS account.
/// </summary>
public sealed class LabelStudioProxy(
    CachedProjects projects,
    InstanceRouteTable routes,
    InstanceStore instances,
    LabelStudioSessions sessions,
    IHttpForwarder forwarder,
    HttpMessageInvoker http,
    DistributionStore distribution,
    ReviewStore reviews,
    IOptions<ProxyOptions> options)
{
    public const string Prefix = "/projects/{slug}/ls";
    private const int MaxChunkedBodyBytes = 16 * 1024 * 1024;
    private readonly ForwarderRequestConfig _forwarding = new() { ActivityTimeout = options.Value.ActivityTimeout };

    public async Task HandleAsync(HttpContext context, string slug)
    {
        // The part of the request path after the prefix, as LS will see it (decoded for the rules,
        // re-encoded as a URI component for forwarding).
        context.Request.Path.StartsWithSegments($"/projects/{slug}/ls", out var remainder);
        var lsPath = remainder.HasValue ? remainder : new PathString("/");
        var path = lsPath.Value!;
        var gate = await projects.FindBySlugAsync(slug, context.RequestAborted);
        var user = CurrentUser.From(context.User);
        if (gate is null || !ProjectAccess.CanView(user, gate.Project, gate.AnnotatorIds.Contains(user.Id)))
        {
            await RefuseEntryAsync(context, gate is null ? 404 : 403, gate is null ? "No such project." : "You are not assigned to this project.");
            return;
        }
        var project = gate.Project;

        var level = user.IsAdmin ? LabelStudioAccess.Admin : ProjectAccess.CanManage(user, project) ? LabelStudioAccess.Manager : LabelStudioAccess.Annotator;
        var decision = LabelStudioAccessPolicy.Decide(level, context.Request.Method, path, context.Request.QueryString.Value);
        if (decision.Refusal is { } refusal)
        {
            await RefuseAsync(context, 403, refusal);
            return;
        }

        if (HasBodyOfUnknownLength(context.Request) && !await GiveBodyALengthAsync(context.Request))
        {
            await RefuseAsync(context, 411, $"Label Studio cannot read a request body sent in chunks, and this one is over {MaxChunkedBodyBytes / (1024 * 1024)} MiB. Send it with a Content-Length header.");
            return;
        }

        var route = routes.Find(slug);
        if (route is not { IsRunning: true })
        {
            await StartingAsync(context, project, route);
            return;
        }

        var key = new LabelStudioSessions.SessionKey(user.Id, project.Id, route.Address!);
        var session = await sessions.GetAsync(key, context.RequestAborted);
        if (session is null)
        {
            await StartingPage.WriteAsync(context, project.Name, "Your Label Studio account for this project is being prepared.");
            return;
        }
        if (decision.OwnedId is { } ownedId && !await IsOwnAsync(route.Address!, session, decision.Own, ownedId, project.Id, user.Id, context.RequestAborted))
        {
            await RefuseAsync(context, 403, decision.Own == Ownership.Draft
                ? "Annotators may change only their own drafts."
                : "Annotators may change only their own annotations.");
            return;
        }

        if (level == LabelStudioAccess.Annotator && AnnotationAuthorship.Concerns(context.Request.Method, path)
            && (await instances.GetCredentialsAsync(project.Id, user.Id, context.RequestAborted) is not { } own
                || await AnnotationAuthorship.NamesSomeoneElseAsync(context.Request, own.LsUserId)))
        {
            await RefuseAsync(context, 403, AnnotationAuthorship.Refusal);
            return;
        }

        if (level == LabelStudioAccess.Annotator && TaskShareFilter.Concerns(path)
            && !await KeepToOwnTasksAsync(context, path, route.Address!, session, project.Id, user.Id))
        {
            await RefuseAsync(context, 403, TaskShareFilter.NotYours);
            return;
        }

        await instances.TouchAsync(project.Id, context.RequestAborted);
        await ForwardAsync(context, lsPath, route.Address!, key, session);
    }

    private async Task ForwardAsync(HttpContext context, PathString path, string address, LabelStudioSessions.SessionKey key, LabelStudioSession session)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = options.Value.MaxRequestBodyBytes;
        }
        // A request without a body can be sent twice, so an expired LS session is renewed unseen.
        var mayRetry = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        var transformer = new LabelStudioTransformer(path, sessions, key, session, mayRetry);
        await forwarder.SendAsync(context, address, http, _forwarding, transformer);

        if (transformer.SessionExpired && !context.Response.HasStarted && await sessions.GetAsync(key, context.RequestAborted) is { } renewed)
        {
            context.Response.Clear();
            await forwarder.SendAsync(context, address, http, _forwarding, new LabelStudioTransformer(path, sessions, key, renewed, mayRetry: false));
        }
    }

    private async Task StartingAsync(HttpContext context, Project project, InstanceRoute? route)
    {
        if (route?.State == InstanceStates.Failed && !route.Suspended)
        {
            await RefuseAsync(context, 502, $"Label Studio for this project failed: {route.Reason}. Labelit keeps retrying; an admin can see the details on the project page.");
            return;
        }
        if (route is null || route.Suspended || route.State == InstanceStates.Stopped)
        {
            await instances.RequestStartAsync(project.Id, context.RequestAborted);
        }
        await StartingPage.WriteAsync(context, project.Name, "Starting Label Studio...");
    }

    /// <summary>In split mode: false for another's task; the task list and label stream narrowed to the annotator's share.</summary>
    private async Task<bool> KeepToOwnTasksAsync(HttpContext context, string path, string address, LabelStudioSession session, long projectId, long userId)
    {
        var share = await TaskShareFilter.DecideAsync(distribution, projectId, userId, context.Request.Method, path, context.Request.QueryString, context.RequestAborted);
        // A reviewer the manager named reads any task, to see the annotations they review; changes stay their own.
        var reads = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        if (share.Refusal is not null)
            return reads && await reviews.IsReviewerAsync(projectId, userId, context.RequestAborted);
        if (share.AnnotationToCheck is not null && reads && await reviews.IsReviewerAsync(projectId, userId, context.RequestAborted))
            return true;
        if (share.Query is { } query)
            context.Request.QueryString = query;
        if (share.AnnotationToCheck is { } annotationId)
        {
            var annotation = await ReadAsync(address, session, $"/api/annotations/{annotationId}/", context.RequestAborted);
            // One LS no longer has is left to LS to answer (404).
            return annotation is not { } found || await TaskShareFilter.IsOnOwnTaskAsync(distribution, projectId, userId, found, context.RequestAborted);
        }
        return true;
    }

    private async Task<JsonElement?> ReadAsync(string address, LabelStudioSession session, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, address + path);
        request.Headers.TryAddWithoutValidation("Cookie", session.CookieHeader);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken) : null;
    }

    /// <summary>Asks LS, as the person, who owns the annotation (completed_by) or the draft (user: the author's email).</summary>
    private async Task<bool> IsOwnAsync(string address, LabelStudioSession session, Ownership own, long id, long projectId, long userId, CancellationToken cancellationToken)
    {
        var credentials = await instances.GetCredentialsAsync(projectId, userId, cancellationToken);
        var path = own == Ownership.Draft ? $"/api/drafts/{id}/" : $"/api/annotations/{id}/";
        using var request = new HttpRequestMessage(HttpMethod.Get, address + path);
        request.Headers.TryAddWithoutValidation("Cookie", session.CookieHeader);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode || credentials is null)
        {
            return false;
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return own == Ownership.Draft
            ? body.TryGetProperty("user", out var author) && author.ValueKind == JsonValueKind.String
                && string.Equals(author.GetString(), credentials.Email, StringComparison.OrdinalIgnoreCase)
            : body.TryGetProperty("completed_by", out var completedBy) && completedBy.ValueKind == JsonValueKind.Number
                && completedBy.GetInt32() == credentials.LsUserId;
    }

    private static bool HasBodyOfUnknownLength(HttpRequest request) =>
        request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true;

    /// <summary>
    /// LS's server reads only Content-Length bytes, so a chunked body (scripts send them; browsers
    /// don't) would reach it as empty: a small one is read here to learn its length.
    /// </summary>
    private static async Task<bool> GiveBodyALengthAsync(HttpRequest request)
    {
        var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxChunkedBodyBytes)
                return false;
            body.Write(buffer, 0, read);
        }
        body.Position = 0;
        request.Body = body;
        request.ContentLength = body.Length;
        request.Headers.TransferEncoding = default;
        return true;
    }

    /// <summary>A refusal inside a project the person may enter: the way back is the project's task list.</summary>
    private static Task RefuseAsync(HttpContext context, int status, string detail) =>
        context.Request.RouteValues["slug"] is string slug
            ? RefusalPage.WriteAsync(context, status, detail, $"/projects/{Uri.EscapeDataString(slug)}/tasks", "Back to the project's tasks")
            : RefuseEntryAsync(context, status, detail);

    /// <summary>A refusal at the project's door: the way back is Labelit's home page.</summary>
    private static Task RefuseEntryAsync(HttpContext context, int status, string detail) =>
        RefusalPage.WriteAsync(context, status, detail, "/", "Back to your projects");
}
