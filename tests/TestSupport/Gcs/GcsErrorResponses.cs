using Microsoft.AspNetCore.Http;

namespace Labelit.TestSupport.Gcs;

/// <summary>
/// Error answers in the JSON API's shape, <c>{"error": {"code", "message", "errors": [{"message", "domain", "reason"}]}}</c>,
/// with the messages and reasons GCS gives; the client library reads code and message from it.
/// </summary>
internal static class GcsErrorResponses
{
    public static Task InvalidCredentialsAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\"";
        return WriteAsync(context, 401, "Invalid Credentials", "authError", locationType: "header", location: "Authorization");
    }

    public static Task AccessDeniedAsync(HttpContext context, string clientEmail, string permission) =>
        WriteAsync(context, 403,
            $"{clientEmail} does not have {permission} access to the Google Cloud Storage bucket. " +
            $"Permission '{permission}' denied on resource (or it may not exist).", "forbidden");

    public static Task NoSuchBucketAsync(HttpContext context) =>
        WriteAsync(context, 404, "The specified bucket does not exist.", "notFound");

    public static Task NoSuchObjectAsync(HttpContext context, string bucket, string name) =>
        WriteAsync(context, 404, $"No such object: {bucket}/{name}", "notFound");

    public static Task BadRequestAsync(HttpContext context, string message) =>
        WriteAsync(context, 400, message, "invalid");

    private static async Task WriteAsync(HttpContext context, int status, string message, string reason,
        string? locationType = null, string? location = null)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new
        {
            error = new
            {
                code = status,
                message,
                errors = new[] { new { message, domain = "global", reason, locationType, location } },
            },
        }, GcsJson.Options);
    }
}
