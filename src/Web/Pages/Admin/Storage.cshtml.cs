using Labelit.Plugins.Hosting;
using Labelit.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Admin;

/// <summary>The storage plugins found in the plugins folder, with why any of them did not load.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class StorageModel(StoragePluginRegistry registry) : PageModel
{
    public StoragePluginRegistry Registry { get; } = registry;
}
