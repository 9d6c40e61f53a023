namespace Labelit.Web.Accounts;

/// <summary>Labelit's roles. Label Studio has none; Labelit enforces these everywhere.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Manager = "Manager";
    public const string Annotator = "Annotator";

    public static readonly IReadOnlyList<string> All = [Admin, Manager, Annotator];

    /// <summary>The canonical spelling of a role, or null when it is not one.</summary>
    public static string? Parse(string? value) =>
        All.FirstOrDefault(role => string.Equals(role, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
