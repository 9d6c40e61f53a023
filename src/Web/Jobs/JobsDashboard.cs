using Hangfire;
using Hangfire.Redis.StackExchange;
using Labelit.Data;
using Labelit.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using StackExchange.Redis;

namespace Labelit.Web.Jobs;

/// <summary>
/// Hangfire's dashboard at /admin/jobs, for admins signed in to Labelit (anyone else 403, anonymous
/// to sign-in), over the job storage the Workers keep in Redis. Web runs no job server.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/admin/jobs";

    public static IHostApplicationBuilder AddJobsDashboard(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(RedisExtensions.ConnectionName)))
            return builder;
        builder.Services.AddHangfire((provider, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseRedisStorage(provider.GetRequiredService<IConnectionMultiplexer>(), new RedisStorageOptions { Prefix = Labelit.Data.Jobs.JobStorageKeys.RedisPrefix }));
        return builder;
    }

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        var admins = new AuthorizeAttribute { Roles = Roles.Admin };
        if (app.Services.GetService<JobStorage>() is null)
        {
            // Started without Redis (tests, a one-off run): say so rather than 404.
            app.MapGet(Path, () => Results.Text("Background jobs are kept in Redis, which this Web process was started without. " +
                "Start Labelit with its AppHost (dotnet run --project src/AppHost), which passes ConnectionStrings__redis.", statusCode: 503))
                .RequireAuthorization(admins).ExcludeFromDescription();
            return app;
        }
        // After sign-in and the role check: an admin meets words, not a 500, while Redis does not answer.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path) && context.User.IsInRole(Roles.Admin), branch => branch.Use(async (context, next) =>
        {
            if (RedisUnavailable(context.RequestServices.GetRequiredService<JobStorage>()) is { } reason)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("The background jobs are kept in Redis, which does not answer right now " +
                    $"({reason}). Try again in a moment; if it lasts, check the redis resource in the Aspire dashboard.");
                return;
            }
            await next();
        }));
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            // Labelit's own sign-in and role check (below) decide; Hangfire's default allows local requests only.
            Authorization = [],
            AsyncAuthorization = [],
            AppPath = "/",
            DashboardTitle = "Labelit background jobs",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(admins);
        return app;
    }

    /// <summary>Why Hangfire cannot read its storage now, or null when it can.</summary>
    private static string? RedisUnavailable(JobStorage storage)
    {
        try
        {
            using var connection = storage.GetConnection();
            return null;
        }
        // A multiplexer still connecting names its endpoint as "not defined" (ArgumentException).
        catch (Exception e) when (e is RedisException or ArgumentException)
        {
            return e.Message;
        }
    }
}
