using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Labelit.Web.Datasets;

/// <summary>Reads the label file of an import request (multipart form, field "file") within the size
/// limit, and stores it for its dry run; a request over the limit is refused with the limit in words.</summary>
public static class LabelUpload
{
    public static string TooLargeMessage(long? bytes) =>
        $"The file is too large{(bytes is { } b ? $" ({b / (1024 * 1024):N0} MiB)" : "")}: label imports take at most {LabelImports.SizeLimitText}. " +
        "Split it (e.g. one COCO file per folder of images) and import the parts one after the other. Nothing was stored.";

    /// <summary>The stored upload's token, or the problem (and its HTTP status) in words.</summary>
    public static async Task<(Guid? Upload, string? Problem, int Status)> SaveAsync(HttpRequest request, LabelImports imports, CancellationToken cancellationToken)
    {
        if (request.ContentLength > LabelImports.MaxUploadBytes)
            return (null, TooLargeMessage(request.ContentLength), StatusCodes.Status413PayloadTooLarge);
        if (!request.HasFormContentType)
            return (null, "Send the label file as multipart/form-data in a field named \"file\".", StatusCodes.Status400BadRequest);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = LabelImports.MaxUploadBytes;
        try
        {
            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = LabelImports.MaxUploadBytes }, cancellationToken);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null || file.Length == 0)
                return (null, "Choose a label file (or a zip of label files) to import.", StatusCodes.Status400BadRequest);
            await using var content = file.OpenReadStream();
            return (await imports.SaveUploadAsync(file.FileName, content, cancellationToken), null, StatusCodes.Status200OK);
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || e is InvalidDataException)
        {
            return (null, TooLargeMessage(null), StatusCodes.Status413PayloadTooLarge);
        }
    }
}

/// <summary>Refuses an upload larger than the label import limit before anything reads it (the
/// antiforgery check would read the whole body first), sending the user back with the limit in words.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RefuseLargeLabelUploadsAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    // After [Authorize] (order 0), before the antiforgery check (order 1000).
    public int Order => 100;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsPost(request.Method) && request.ContentLength > LabelImports.MaxUploadBytes)
            context.Result = new RedirectResult($"{request.Path}?tooLarge={request.ContentLength}");
    }
}
