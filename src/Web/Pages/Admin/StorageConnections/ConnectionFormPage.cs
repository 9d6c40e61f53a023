using Labelit.Plugins.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Admin.StorageConnections;

/// <summary>What the new and edit pages share: the form, the kinds to choose from and how errors are shown.</summary>
public abstract class ConnectionFormPage(StoragePluginRegistry registry) : PageModel
{
    [BindProperty]
    public ConnectionForm Form { get; set; } = new();

    public StoragePluginRegistry Registry { get; } = registry;

    /// <summary>True on the edit page, where an empty secret keeps the stored one.</summary>
    public virtual bool IsEdit => false;

    public virtual bool HasStoredSecret => false;

    protected IActionResult ShowErrors(IDictionary<string, string[]> errors)
    {
        this.AddErrors(errors, nameof(Form));
        return Page();
    }
}
