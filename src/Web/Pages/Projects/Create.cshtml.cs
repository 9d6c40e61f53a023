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
        if (!change.Succeeded)
        {
            return ShowErrors(change.Errors);
        }
        this.Confirm("Project created. Next: assign annotators below and add data on the Dataset and sync page; its Label Studio starts when someone first opens it.");
        return Redirect($"/projects/{change.Project!.Id}");
    }
}
