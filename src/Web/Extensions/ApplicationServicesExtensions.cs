using Labelit.Web.Accounts;
using Labelit.Web.Accounts.Invitations;
using Labelit.Web.Accounts.Provider;
using Labelit.Web.Apis;
using Labelit.Web.Audit;
using Labelit.Data.Changes;
using Labelit.Web.Projects;
using Labelit.Web.Storage;
using Labelit.Web.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Labelit.Web.Extensions;

public static class ApplicationServicesExtensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UserStore>();
        ChangeNotices.Register(builder.Services);
        builder.Services.AddSingleton<CachedUsers>();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<UnknownEmailSignIns>();
        builder.Services.AddSingleton<SignInService>();
        builder.Services.AddSingleton<UserEditor>();
        builder.Services.AddSingleton<InvitationStore>();
        builder.Services.AddSingleton<InvitationEditor>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<ProjectStore>();
        builder.Services.AddSingleton<Labelit.Data.Distribution.DistributionStore>();
        builder.Services.AddSingleton<Labelit.Data.Distribution.ReviewStore>();
        builder.Services.AddSingleton<Labelit.Web.Reviews.LabelStudioAnnotations>();
        builder.Services.AddSingleton<Labelit.Web.Reviews.ReviewerGate>();
        builder.Services.AddSingleton<Labelit.Web.Reviews.ReviewDesk>();
        builder.Services.AddSingleton<Labelit.Web.Reviews.DistributionChanges>();
        builder.Services.AddSingleton<Labelit.Web.Reviews.ReviewerNaming>();
        builder.Services.AddSingleton<CachedProjects>();
        builder.Services.AddSingleton<ProjectAccess>();
        builder.Services.AddSingleton<ProjectStorageCheck>();
        builder.Services.AddSingleton<ProjectEditor>();
        builder.Services.AddSingleton<Labelit.Web.Progress.ProgressStore>();
        builder.Services.AddSingleton<Labelit.Web.Progress.AgreementStore>();
        builder.Services.AddOptions<Labelit.Web.Progress.ProgressOptions>().BindConfiguration(Labelit.Web.Progress.ProgressOptions.Section);
        builder.Services.AddSingleton<ApiTokenStore>();
        builder.Services.AddSingleton<StorageSecrets>();
        builder.Services.AddSingleton<StorageConnectionStore>();
        builder.Services.AddSingleton<StorageConnectionEditor>();
        builder.Services.AddSingleton<Datasets.DatasetSyncs>();
        builder.Services.AddSingleton<StrandedTasksCheck>();
        builder.Services.AddSingleton<Datasets.LabelImports>();
        builder.Services.AddSingleton<Datasets.MediaBackends>();
        builder.Services.AddSingleton<Datasets.DatasetMedia>();
        builder.Services.AddSingleton<Labelit.Web.Exports.ExportHistory>();
        builder.Services.AddSingleton<Labelit.Web.Exports.ExportFolder>();
        builder.Services.AddHostedService<AdminBootstrap>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();

        var authentication = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme);
        authentication
            .AddCookie(options =>
            {
                options.Cookie.Name = "labelit";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the request came over HTTPS (behind TLS); the AppHost serves plain HTTP on loopback.
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/account/sign-in";
                options.LogoutPath = "/account/sign-out";
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = UserClaims.ValidateAsync;
                // A signed-in user who may not see a page gets a plain 403 page, not a redirect.
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        builder.AddProviderSignIn(authentication);
        // After AddCookie's own post-configuration, which creates the data-protected format being wrapped.
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .PostConfigure<TimeProvider>((options, clock) => options.TicketDataFormat = new CachedTicketFormat(options.TicketDataFormat, clock));

        // Deny by default: a page or endpoint without an explicit policy needs a signed-in user.
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddApiPolicies();

        builder.Services.AddAntiforgery(options => options.Cookie.Name = "labelit-antiforgery");
        // Validation lives in the editors, with messages a person understands; not in implicit attributes.
        builder.Services.AddRazorPages().AddMvcOptions(options => options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true);
        return builder;
    }
}
