using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Labelit.Web.Proxy;

namespace Labelit.Web.Reviews;

/// <summary>An annotation as LS has it now: its task and when it last changed.</summary>
public sealed record LiveAnnotation(int Id, int TaskId, DateTimeOffset UpdatedAt);

public enum LiveAnnotationState { Found, Deleted, NotRunning }

/// <summary>
/// Reads an annotation from the project's LS, signed in as the reviewer, so that a review is
/// recorded only for an annotation that still exists, as it is at that moment.
/// </summary>
public sealed class LabelStudioAnnotations(InstanceRouteTable routes, LabelStudioSessions sessions, HttpMessageInvoker http)
{
    public async Task<(LiveAnnotationState State, LiveAnnotation? Annotation)> ReadAsync(long projectId, string slug, long reviewerId, int annotationId,
        CancellationToken cancellationToken)
    {
        var route = routes.Find(slug);
        if (route is not { IsRunning: true })
            return (LiveAnnotationState.NotRunning, null);
        var session = await sessions.GetAsync(new(reviewerId, projectId, route.Address!), cancellationToken);
        if (session is null)
            return (LiveAnnotationState.NotRunning, null);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{route.Address}/api/annotations/{annotationId}/");
        request.Headers.TryAddWithoutValidation("Cookie", session.CookieHeader);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return (LiveAnnotationState.Deleted, null);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return (LiveAnnotationState.Found, new(annotationId, body.GetProperty("task").GetInt32(), body.GetProperty("updated_at").GetDateTimeOffset()));
    }
}
