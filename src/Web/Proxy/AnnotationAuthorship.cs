using System.Text.Json;
using System.Text.RegularExpressions;

namespace Labelit.Web.Proxy;

/// <summary>
/// LS credits an annotation to the <c>completed_by</c> a create or an update names, and to the
/// signed-in person only when none is sent (LS 1.8 tasks/api.py, AnnotationsListAPI.perform_create;
/// the serializer lets it be written on updates too). Through Labelit an annotator's annotation writes
/// may name only the annotator: otherwise one could file work under a colleague's name.
/// </summary>
public static partial class AnnotationAuthorship
{
    public const string Refusal = "Annotators may submit and change annotations only as themselves.";

    /// <summary>An annotation create (POST to a task's annotations) or update (PATCH/PUT of one annotation).</summary>
    public static bool Concerns(string method, string path) =>
        (HttpMethods.IsPost(method) && TaskAnnotations().IsMatch(path))
        || ((HttpMethods.IsPatch(method) || HttpMethods.IsPut(method)) && OneAnnotation().IsMatch(path));

    /// <summary>True when the JSON body names an author other than <paramref name="lsUserId"/>; the body is left readable from its start.</summary>
    public static async Task<bool> NamesSomeoneElseAsync(HttpRequest request, int lsUserId)
    {
        request.EnableBuffering();
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("completed_by", out var author)
                && !(author.ValueKind == JsonValueKind.Number && author.TryGetInt32(out var id) && id == lsUserId);
        }
        catch (JsonException)
        {
            return false; // not JSON: LS refuses it itself, and names nobody
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    [GeneratedRegex(@"^/api/tasks/\d+/annotations/?$")]
    private static partial Regex TaskAnnotations();

    [GeneratedRegex(@"^/api/annotations/\d+/?$")]
    private static partial Regex OneAnnotation();
}
