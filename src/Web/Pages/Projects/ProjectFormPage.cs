using Labelit.Web.Projects;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

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

    /// <summary>"Check label config" re-renders the form with the preview and saves nothing.</summary>
    public IActionResult OnPostPreview()
    {
        ModelState.Clear();
        Preview = LabelConfigValidator.Check(Form.LabelConfig);
        return Page();
    }

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
