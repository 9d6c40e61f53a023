using Labelit.Plugins.Hosting;
using Labelit.Web.Accounts;
using Labelit.Web.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Labelit.Web.Pages.Admin.StorageConnections;

[Authorize(Roles = Roles.Admin)]
public sealed class CreateModel(StorageConnectionEditor editor, StoragePluginRegistry registry) : ConnectionFormPage(registry)
{
    public void OnGet() => Form.Kind = Registry.Kinds.FirstOrDefault()?.Kind;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Form.ToInput(out var optionsError) is not { } input)
        {
            return ShowErrors(new Dictionary<string, string[]> { [nameof(Form.Options)] = [optionsError] });
        }
        var change = await editor.CreateAsync(CurrentUser.From(User), input, cancellationToken);
        if (!change.Succeeded)
        {
            return ShowErrors(change.Errors);
        }
        this.Confirm("Connection saved. Managers can now choose it for a project's dataset or exports.");
        return Redirect($"/admin/storage/connections/{change.Connection!.Id}");
    }
}
