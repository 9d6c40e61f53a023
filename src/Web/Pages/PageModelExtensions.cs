using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages;

public static class PageModelExtensions
{
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
