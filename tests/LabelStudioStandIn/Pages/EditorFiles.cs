using Labelit.LabelStudioStandIn.Options;
using Microsoft.Extensions.FileProviders;

namespace Labelit.LabelStudioStandIn.Pages;

/// <summary>
/// Serves the real LS editor's build files (npm @heartexlabs/label-studio@1.4.0, build/static)
/// under /label-studio-frontend/ when STANDIN_EDITOR_DIR points at them.
/// </summary>
public static class EditorFiles
{
    public static bool Available(StandInOptions options) =>
        options.EditorDirectory is not null && File.Exists(Path.Combine(options.EditorDirectory, "js", "main.js"));

    public static IEndpointRouteBuilder MapEditorFiles(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<StandInOptions>();
        if (!Available(options))
            return app;
        var files = new PhysicalFileProvider(Path.GetFullPath(options.EditorDirectory!));
        app.MapGet("label-studio-frontend/{**path}", (string path) =>
        {
            var file = files.GetFileInfo(path);
            if (!file.Exists || file.IsDirectory || file.PhysicalPath is null)
                return Results.NotFound();
            var type = Path.GetExtension(path) switch
            {
                ".js" => "text/javascript",
                ".css" => "text/css",
                ".svg" => "image/svg+xml",
                ".png" => "image/png",
                ".woff2" => "font/woff2",
                _ => "application/octet-stream",
            };
            return Results.File(file.PhysicalPath, type);
        }).WithMetadata(new AnySlashAttribute());
        return app;
    }
}
