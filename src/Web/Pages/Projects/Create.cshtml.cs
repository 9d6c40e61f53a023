using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Labelit.Web.Pages.Projects;

[Authorize(Roles = $"{Roles.Admin},{Roles.Manager}")]
public sealed class CreateModel(ProjectEditor editor) : ProjectFormPage
{
    public const string SampleConfig = """
        <View>
          <Image name="image" value="$image"/>
          <RectangleLabels name="label" toName="image">
            <Label value="Car"/>
            <Label value="Person"/>
          </RectangleLabels>
        </View>
        """;

    public void OnGet()
    {
        Form = new ProjectForm { LabelConfig = SampleConfig, Status = ProjectStatus.Active };
        ShowPreview();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var change = await editor.CreateAsync(CurrentUser.From(User), Form.ToInput(), cancellationToken);
        return change.Succeeded ? Redirect($"/projects/{change.Project!.Id}") : ShowErrors(change.Errors);
    }
}
