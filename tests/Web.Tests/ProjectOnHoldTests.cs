using System.Net;
using Labelit.Web.Accounts;
using Labelit.Web.Projects;
using Microsoft.Extensions.DependencyInjection;

namespace Labelit.Web.Tests;

/// <summary>An annotator sees their paused, completed or archived projects as such, with whom to ask, and no dead "Label" link.</summary>
public sealed class ProjectOnHoldTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Theory]
    [InlineData(ProjectStatus.Paused, "This project is paused: labelling is stopped for now.", "when it resumes")]
    [InlineData(ProjectStatus.Completed, "This project is completed: no more labelling is needed.", "if you think there is more to do")]
    [InlineData(ProjectStatus.Archived, "This project is archived", "if you think there is more to do")]
    public async Task The_home_page_and_the_label_link_say_the_status_and_whom_to_ask(string status, string words, string ask)
    {
        var annotator = await app.CreateUserAsync($"held-{Guid.NewGuid():N}@example.com", Roles.Annotator);
        var project = await CreateAssignedProjectAsync(status, annotator);
        var browser = await app.SignedInAsync(annotator);

        var home = await browser.GetStringAsync("/");
        Assert.DoesNotContain("You are not assigned to any active project yet", home);
        Assert.Contains(project.Name, home);
        Assert.Contains(words, home);
        Assert.Contains($"Ask its manager, {app.ManagerOwner.DisplayName} ({app.ManagerOwner.Email}), {ask}.", home);
        Assert.DoesNotContain($"/projects/{project.Slug}/label", home);

        var label = await browser.GetAsync($"/projects/{project.Slug}/label");
        var page = await label.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, label.StatusCode);
        Assert.Contains(words, page);
        Assert.Contains(app.ManagerOwner.Email, page);
        Assert.DoesNotContain("Not allowed", page);
    }

    [Fact]
    public async Task An_annotator_not_assigned_to_a_paused_project_still_gets_a_plain_refusal()
    {
        var project = await CreateAssignedProjectAsync(ProjectStatus.Paused, app.AnnotatorAssigned);
        var stranger = await app.SignedInAsync(app.AnnotatorOther);

        var label = await stranger.GetAsync($"/projects/{project.Slug}/label");

        Assert.Equal(HttpStatusCode.Forbidden, label.StatusCode);
        Assert.DoesNotContain(project.ManagerEmail, await label.Content.ReadAsStringAsync());
    }

    private async Task<Project> CreateAssignedProjectAsync(string status, User annotator)
    {
        var projects = app.Services.GetRequiredService<ProjectStore>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        (_, var project) = await projects.CreateAsync(new Project
        {
            Name = $"On hold {suffix}",
            Slug = $"on-hold-{suffix}",
            LabelConfig = Pages.Projects.CreateModel.SampleConfig,
            ManagerId = app.ManagerOwner.Id,
            Status = status,
        });
        await projects.AssignAsync(project!.Id, annotator.Id, app.ManagerOwner.Id);
        return (await projects.FindAsync(project.Id))!;
    }
}
