namespace Labelit.LabelStudioStandIn.Tests.Support;

/// <summary>
/// Finds the built stand-in (Labelit.LabelStudioStandIn.dll). Rule, in order:
/// 1. LABELIT_LS_STANDIN_DLL, when set, names the dll;
/// 2. the dll next to the running test assembly (when a project copies it there);
/// 3. tests/LabelStudioStandIn/bin/&lt;same configuration&gt;/&lt;same tfm&gt;/ in the repository that
///    holds the running test assembly (the test project references the stand-in with
///    ReferenceOutputAssembly="false", so building the tests builds it).
/// </summary>
public static class StandInExecutable
{
    public const string DllName = "Labelit.LabelStudioStandIn.dll";
    public const string OverrideVariable = "LABELIT_LS_STANDIN_DLL";

    public static string Locate()
    {
        var explicitPath = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(explicitPath))
            return File.Exists(explicitPath)
                ? Path.GetFullPath(explicitPath)
                : throw new FileNotFoundException($"{OverrideVariable} names {explicitPath}, which does not exist.");

        var here = AppContext.BaseDirectory;
        var beside = Path.Combine(here, DllName);
        if (File.Exists(beside))
            return beside;

        // .../tests/<TestProject>/bin/<Configuration>/<tfm>/ -> .../tests/LabelStudioStandIn/bin/<Configuration>/<tfm>/
        var tfmDir = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar));
        var configurationDir = tfmDir.Parent;
        var testsDir = configurationDir?.Parent?.Parent?.Parent;
        if (configurationDir is not null && testsDir is not null)
        {
            var candidate = Path.Combine(testsDir.FullName, "LabelStudioStandIn", "bin", configurationDir.Name, tfmDir.Name, DllName);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException(
            $"Cannot find {DllName}. Build tests/LabelStudioStandIn first, or set {OverrideVariable}.");
    }
}
