using Labelit.Data;
using Labelit.Data.Protection;
using Labelit.ServiceDefaults;
using Labelit.Web.Accounts;
using Labelit.Web.Accounts.Provider;
using Labelit.Web.Apis;
using Labelit.Web.Datasets;
using Labelit.Web.Extensions;
using Labelit.Web.Jobs;
using Labelit.Web.Proxy;

if (args is ["create-admin", ..])
{
    return await CreateAdminCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLabelitData();
builder.AddLabelitRedis();
builder.AddJobsDashboard();
builder.AddLabelitDataProtection();
builder.Services.AddStoragePlugins(builder.Configuration);
builder.AddApplicationServices();
builder.AddLabelStudioProxy();

var app = builder.Build();
app.UseStatusCodePagesWithReExecute("/status/{0}");
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapRazorPages();
app.MapProviderSignIn();
app.MapApi();
app.MapLabelStudioProxy();
app.MapJobsDashboard();
app.MapGet(DatasetMedia.Route, (HttpContext context, string slug, long id, DatasetMedia media) => media.GetAsync(context, slug, id))
    .RequireAuthorization().ExcludeFromDescription();
app.Run();
return 0;

/// <summary>Entry point type, for WebApplicationFactory in the tests.</summary>
public partial class Program;
