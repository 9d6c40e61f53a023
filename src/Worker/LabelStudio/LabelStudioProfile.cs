using Labelit.Worker.Instances;

namespace Labelit.Worker.LabelStudio;

/// <summary>
/// What LS shows of a person, in its header, task list and exports ("Ann Annotator
/// ann@example.com, 4"): the email their account was created with (their Labelit email then; LS
/// refuses to change a user's email afterwards) and their display name split into LS's first and
/// last name, which follow renames.
/// </summary>
public sealed record LabelStudioProfile(string Email, string FirstName, string LastName)
{
    private const int NameMaxLength = 150; // Django's first_name and last_name columns

    public static LabelStudioProfile For(MemberRow member)
    {
        var name = member.DisplayName.Trim();
        var space = name.IndexOf(' ');
        var (first, last) = space < 0 ? (name, "") : (name[..space], name[(space + 1)..].Trim());
        return new(member.Email.Trim().ToLowerInvariant(), Limit(first), Limit(last));
    }

    /// <summary>How the name last pushed to LS is kept in ls_accounts.profile.</summary>
    public string StoredName => $"{FirstName}\n{LastName}";

    private static string Limit(string text) => text.Length <= NameMaxLength ? text : text[..NameMaxLength];
}
