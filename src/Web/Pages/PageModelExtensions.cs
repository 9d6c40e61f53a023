using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages;

public static class PageModelExtensions
{
    /// <summary>The key of the confirmation the layout shows once, on the page a finished action redirects to.</summary>
    public const string NoticeKey = "Notice";

    /// <summary>Says, on the next page shown, what the action just did and what comes next.</summary>
    public static void Confirm(this PageModel page, string words) => page.TempData[NoticeKey] = words;

    /// <summary>Shows an editor's problems next to their fields ("" = for the whole form).</summary>
    public static void AddErrors(this PageModel page, IDictionary<string, string[]> errors, string prefix)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                page.ModelState.AddModelError(field.Length == 0 ? "" : $"{prefix}.{field}", message);
            }
        }
    }
}
