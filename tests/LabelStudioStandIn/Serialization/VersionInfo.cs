namespace Labelit.LabelStudioStandIn.Serialization;

public static class VersionInfo
{
    /// <summary>The LS release whose API the stand-in follows (docs/label-studio-contract.md: LS 1.2x).</summary>
    public const string Release = "1.20.0";
}
