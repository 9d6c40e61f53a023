using System.Diagnostics;

namespace Labelit.LabelStudioStandIn.Tests.Support;

/// <summary>
/// The real LS editor build for the stand-in (STANDIN_EDITOR_DIR): tests/LabelStudioStandIn/editor/build,
/// fetched from npm by tests/LabelStudioStandIn/editor/fetch-editor.sh the first time it is needed.
/// </summary>
public static class StandInEditor
{
    private static readonly SemaphoreSlim Fetching = new(1, 1);

    public static async Task<string> EnsureAsync()
    {
        // The stand-in's dll is in tests/LabelStudioStandIn/bin/<Configuration>/<tfm>/.
        var projectDir = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(StandInExecutable.Locate())!, "..", "..", ".."));
        var editorDir = Path.Combine(projectDir, "editor", "build");
        var script = Path.Combine(projectDir, "editor", "fetch-editor.sh");
        await Fetching.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(editorDir, "js", "main.js")))
                return editorDir;
            var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(editorDir);
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{script} failed: {await errors}");
            return editorDir;
        }
        finally
        {
            Fetching.Release();
        }
    }
}
