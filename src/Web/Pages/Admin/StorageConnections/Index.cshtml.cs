using Labelit.Plugins.Hosting;
using Labelit.Web.Accounts;
using Labelit.Web.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Labelit.Web.Pages.Admin.StorageConnections;

[Authorize(Roles = Roles.Admin)]
public sealed class IndexModel(StorageConnectionStore store, StoragePluginRegistry registry) : PageModel
{
    public IReadOnlyList<StorageConnection> Connections { get; private set; } = [];

    public StoragePluginRegistry Registry { get; } = registry;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Connections = await store.ListAsync(cancellationToken);
}
