using Labelit.Plugins;
using Labelit.Plugins.Hosting;
using Labelit.Web.Accounts;
using Labelit.Web.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Labelit.Web.Pages.Admin.StorageConnections;

[Authorize(Roles = Roles.Admin)]
public sealed class EditModel(StorageConnectionStore store, StorageConnectionEditor editor, StoragePluginRegistry registry) : ConnectionFormPage(registry)
{
    public StorageConnection Connection { get; private set; } = null!;

    /// <summary>Where "Test connection" lists, as the admin typed it.</summary>
    [BindProperty]
    public string? Location { get; set; }

    public ConnectionTestResult? TestResult { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public override bool IsEdit => true;

    public override bool HasStoredSecret => Connection.HasSecret;

    public string ExampleLocation => $"{Registry.FindByKind(Connection.Kind)?.Schemes.FirstOrDefault() ?? Connection.Kind}://bucket/prefix/";

    public string FailureTitle => TestResult?.Failure switch
    {
        StorageFailure.UnreachableEndpoint => "Endpoint unreachable",
        StorageFailure.WrongCredentials => "Wrong credentials",
        StorageFailure.MissingBucket => "Missing bucket",
        StorageFailure.NoPermission => "No permission",
        StorageFailure.InvalidSettings => "Invalid settings",
        StorageFailure.InvalidLocation => "Invalid location",
        StorageFailure.NotFound => "Not found",
        _ => "Failed",
    };

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Form = ConnectionForm.From(Connection);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (Form.ToInput(out var optionsError) is not { } input)
        {
            return ShowErrors(new Dictionary<string, string[]> { [nameof(Form.Options)] = [optionsError] });
        }
        var change = await editor.UpdateAsync(CurrentUser.From(User), Connection, input, Form.Version, cancellationToken);
        if (!change.Succeeded)
        {
            return ShowErrors(change.Errors);
        }
        Message = "Saved.";
        return Redirect($"/admin/storage/connections/{id}");
    }

    /// <summary>Tests the saved settings against the typed location; the form is shown as saved, nothing changes.</summary>
    public async Task<IActionResult> OnPostTestAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        ModelState.Clear();
        Form = ConnectionForm.From(Connection);
        TestResult = await editor.TestAsync(Connection, Location, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } connection)
        {
            return false;
        }
        Connection = connection;
        return true;
    }
}
