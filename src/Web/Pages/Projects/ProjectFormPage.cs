using Labelit.Web.Projects;
using Labelit.Web.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Labelit.Web.Pages.Projects;

/// <summary>What the create and edit pages share: the form, its label config preview and its errors.</summary>
public abstract class ProjectFormPage : PageModel
{
    public static readonly IReadOnlyList<string> AllFormats = ["JSON", "JSON_MIN", "CSV", "TSV", "CONLL2003", "COCO", "VOC", "YOLO"];

    [BindProperty]
    public ProjectForm Form { get; set; } = new();

    /// <summary>Shown under the label config: the data keys and export formats it implies, or its problem.</summary>
    public LabelConfigCheck? Preview { get; private set; }

    public IReadOnlyList<string> OfferedFormats => Preview is { IsValid: true } ? Preview.ExportFormats : AllFormats;

    /// <summary>The storage connections a dataset or export can use, by name (managers never see their settings).</summary>
    public IReadOnlyList<SelectListItem> ConnectionChoices { get; private set; } = [];

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var connections = await HttpContext.RequestServices.GetRequiredService<StorageConnectionStore>().ListAsync(HttpContext.RequestAborted);
        ConnectionChoices = [new SelectListItem("(none)", ""), .. connections.Select(c => new SelectListItem($"{c.Name} ({c.Kind})", c.Id.ToString()))];
        await next();
    }

    /// <summary>"Check label config" re-renders the form with the preview and saves nothing.</summary>
    public IActionResult OnPostPreview()
    {
        ModelState.Clear();
        Preview = LabelConfigValidator.Check(Form.LabelConfig);
        return Page();
    }

    /// <summary>The same check for the page's script, which shows it in place without reloading the form.</summary>
    public PartialViewResult OnPostCheck() => Partial("_LabelConfigCheck", LabelConfigValidator.Check(Form.LabelConfig));

    protected IActionResult ShowErrors(IDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field.Length == 0 ? "" : $"{nameof(Form)}.{field}", message);
            }
        }
        Preview = LabelConfigValidator.Check(Form.LabelConfig);
        return Page();
    }

    protected void ShowPreview() => Preview = string.IsNullOrWhiteSpace(Form.LabelConfig) ? null : LabelConfigValidator.Check(Form.LabelConfig);
}
