using System.Net;
using Labelit.LabelStudioStandIn.Apis;
using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Pages;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn;

public static class StandInHost
{
    public static async Task<int> RunAsync(StandInOptions options)
    {
        // LS runs its migrations before its HTTP server starts, so until then the port refuses
        // connections. STANDIN_STARTUP_DELAY_MS reproduces that wait.
        if (options.StartupDelay > TimeSpan.Zero)
            await Task.Delay(options.StartupDelay);

        var store = StandInStore.Open(options.DataDirectory);
        StandInBootstrap.EnsureSecretKey(store);
        StandInBootstrap.EnsureInitialUser(store, options, TimeProvider.System);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
        {
            if (options.WsgiWire)
                listen.Use(WsgiWire.Apply);
        }));
        builder.Services
            .AddSingleton(options)
            .AddSingleton(store)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<Links>()
            .AddSingleton<JwtTokens>()
            .AddSingleton<Authenticator>()
            .AddSingleton<CsrfProtection>();

        var app = builder.Build();
        app.UseWsgiBodyRules();
        app.Use(async (context, next) =>
        {
            var auth = context.RequestServices.GetRequiredService<Authenticator>();
            context.Response.OnStarting(() =>
            {
                auth.EnsureAnonymousSession(context.Request, context.Response);
                return Task.CompletedTask;
            });
            await next(context);
        });
        app.UseRouting();
        app.UseDjangoSlashRules();
        app.MapHealthApi();
        app.MapAccountPages();
        app.MapDataManagerPages();
        app.MapEditorFiles();
        app.MapGroup("api")
            .RequireLsAuthentication()
            .MapUsersApi()
            .MapTokensApi()
            .MapInviteApi()
            .MapProjectsApi()
            .MapImportApi()
            .MapPredictionsImportApi()
            .MapTasksApi()
            .MapAnnotationsApi()
            .MapLabelStreamApi()
            .MapDataManagerViewsApi()
            .MapExportApi()
            .MapExportFormatsApi();

        app.MapGroup("api").MapTokenExchangeApi();

        await app.StartAsync();
        Console.WriteLine($"Label Studio stand-in is up and running on http://127.0.0.1:{options.Port}{options.PathPrefix}/ (data: {options.DataDirectory})");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
