namespace Labelit.Web.Accounts;

public static class PasswordRules
{
    public const int MinimumLength = 10;
    public const int MaximumLength = 200;

    /// <summary>What is wrong with a proposed password, or null when it is acceptable.</summary>
    public static string? Problem(string? password) => password switch
    {
        null or "" => "Enter a password.",
        { Length: < MinimumLength } => $"The password must have at least {MinimumLength} characters.",
        { Length: > MaximumLength } => $"The password must have at most {MaximumLength} characters.",
        _ when string.IsNullOrWhiteSpace(password) => "The password cannot be only spaces.",
        _ => null,
    };
}
