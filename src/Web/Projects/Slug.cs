using System.Globalization;
using System.Text;

namespace Labelit.Web.Projects;

public static class Slug
{
    public const int MaximumLength = 60;

    /// <summary>A URL-safe name: "Street Signs (2026)" becomes "street-signs-2026".</summary>
    public static string From(string name)
    {
        var builder = new StringBuilder();
        foreach (var character in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark)
            {
                continue; // drops accents: "é" -> "e"
            }
            if (char.IsAsciiLetterOrDigit(character))
            {
                builder.Append(char.ToLowerInvariant(character));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        var slug = builder.ToString().Trim('-');
        slug = slug.Length > MaximumLength ? slug[..MaximumLength].Trim('-') : slug;
        return slug.Length == 0 ? "project" : slug;
    }

    public static bool IsValid(string? slug) =>
        !string.IsNullOrEmpty(slug) && slug.Length <= MaximumLength && slug == From(slug);
}
