using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Labelit.Web.Accounts.Provider;

/// <summary>Sign-in through the team's OpenID provider: code flow with PKCE, state, nonce and issuer checked.</summary>
public static class ProviderSignInExtensions
{
    public const string Scheme = "oidc";
    public const string CallbackPath = "/signin-oidc";
    public const string StartRoute = "/account/sign-in/provider";
    public const string RefusedRoute = "/account/sign-in/refused";
    internal const string StartedItem = "labelit:started";
    internal const string InvitationItem = "labelit:invitation";

    public static WebApplicationBuilder AddProviderSignIn(this WebApplicationBuilder builder, AuthenticationBuilder authentication)
    {
        builder.Services.AddOptions<ProviderSignInOptions>().BindConfiguration(ProviderSignInOptions.Section);
        builder.Services.AddSingleton<UserLoginStore>();
        builder.Services.AddSingleton<ProviderUsers>();
        var settings = builder.Configuration.GetSection(ProviderSignInOptions.Section).Get<ProviderSignInOptions>() ?? new();
        // A half-made configuration stops the start with what to fix, rather than being silently ignored.
        if (settings.Problems().FirstOrDefault() is { } problem)
            throw new InvalidOperationException(problem);
        if (settings.IsConfigured)
            authentication.AddOpenIdConnect(Scheme, options => Configure(options, settings));
        return builder;
    }

    private static void Configure(OpenIdConnectOptions options, ProviderSignInOptions settings)
    {
        var issuer = settings.Authority!.TrimEnd('/');
        options.Authority = issuer;
        options.ClientId = settings.ClientId;
        options.ClientSecret = settings.ClientSecret;
        options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.CallbackPath = CallbackPath;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        // The answer comes back as a top-level GET, so the state and nonce cookies can be SameSite=Lax and
        // work over plain HTTP on a team's network (form_post needs SameSite=None, which needs HTTPS).
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.RemoteAuthenticationTimeout = settings.SignInTimeout;
        // A provider on this machine (tests, a trial) may speak plain HTTP; any other must use HTTPS.
        options.RequireHttpsMetadata = !IsLoopback(new Uri(issuer));
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = true;
        options.ClaimActions.MapUniqueJsonKey("email_verified", "email_verified");
        options.ClaimActions.MapJsonKey(settings.GroupsClaim, settings.GroupsClaim);
        options.SaveTokens = false;
        options.Scope.Clear();
        foreach (var scope in settings.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            options.Scope.Add(scope);
        // The token must name exactly the configured issuer. The library's own check would also accept
        // whatever issuer the discovery document names, which is the provider's word about itself.
        options.TokenValidationParameters.IssuerValidator = (tokenIssuer, _, _) => tokenIssuer.TrimEnd('/') == issuer
            ? tokenIssuer
            : throw new SecurityTokenInvalidIssuerException($"The token's issuer is {tokenIssuer}, not {issuer}.");
        options.Events = new OpenIdConnectEvents
        {
            OnAuthorizationCodeReceived = RefuseWhenTooLateAsync,
            OnTicketReceived = SignInLabelitUserAsync,
            OnRemoteFailure = RefuseFailureAsync,
        };
    }

    /// <summary>A state older than the sign-in timeout is refused, even if its cookie survived.</summary>
    private static Task RefuseWhenTooLateAsync(AuthorizationCodeReceivedContext context)
    {
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var started = context.Properties?.Items.TryGetValue(StartedItem, out var value) == true
            && DateTimeOffset.TryParse(value, null, System.Globalization.DateTimeStyles.RoundtripKind, out var at) ? at : (DateTimeOffset?)null;
        if (started is null || clock.GetUtcNow() - started.Value > context.Options.RemoteAuthenticationTimeout)
        {
            Refuse(context.HttpContext, ProviderRefusal.Expired);
            context.HandleResponse();
        }
        return Task.CompletedTask;
    }

    private static async Task SignInLabelitUserAsync(TicketReceivedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var issuer = services.GetRequiredService<IOptions<ProviderSignInOptions>>().Value.Authority!.TrimEnd('/');
        context.Properties!.Items.TryGetValue(InvitationItem, out var invitation);
        var identity = ProviderIdentity.From(context.Principal!, issuer);
        var (user, refusal) = await services.GetRequiredService<ProviderUsers>().SignInAsync(identity, invitation, context.HttpContext.RequestAborted);
        if (refusal is { } reason)
        {
            Refuse(context.HttpContext, reason);
            context.HandleResponse();
            return;
        }
        context.Principal = UserClaims.Principal(user!, CookieAuthenticationDefaults.AuthenticationScheme);
        context.Properties.Items.Remove(InvitationItem);
        context.Properties.Items.Remove(StartedItem);
    }

    private static Task RefuseFailureAsync(RemoteFailureContext context)
    {
        var reason = context.Failure switch
        {
            OpenIdConnectProtocolInvalidNonceException => ProviderRefusal.NonceMismatch,
            SecurityTokenInvalidIssuerException => ProviderRefusal.WrongIssuer,
            { Message: "Correlation failed." } => ProviderRefusal.Replayed,
            _ => ProviderRefusal.Failed,
        };
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProviderSignInExtensions))
            .LogWarning("A sign-in through the provider was refused ({Reason}): {Failure}", reason, context.Failure?.Message);
        Refuse(context.HttpContext, reason);
        context.HandleResponse();
        return Task.CompletedTask;
    }

    private static void Refuse(HttpContext context, ProviderRefusal reason) =>
        context.Response.Redirect($"{RefusedRoute}?reason={reason}");

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
}
