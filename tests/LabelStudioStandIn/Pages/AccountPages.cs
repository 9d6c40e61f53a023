using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn.Pages;

/// <summary>
/// LS's Django login, signup and logout pages. There is no JSON login API: a client gets the
/// csrftoken cookie from the form page, posts the form, and gets a sessionid cookie back.
/// </summary>
public static class AccountPages
{
    private const int PasswordMinLength = 8;
    private const int PasswordMaxLength = 64;

    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("user/login/", LoginForm);
        app.MapPost("user/login/", Login);
        app.MapGet("user/signup/", SignupForm);
        app.MapPost("user/signup/", Signup);
        app.MapGet("user/logout/", Logout);
        app.MapGet("user/account/", Account);
        app.MapGet("logout", Logout);
        return app;
    }

    private static IResult LoginForm(HttpContext http, Authenticator auth, Links links) =>
        auth.SessionUser(http.Request) is not null
            ? Results.Redirect(links.SafeNext(http.Request.Query["next"], "/projects/"))
            : RenderLogin(http, links, error: null, email: "");

    // @login_required: anonymous people are sent to the login page with next= pointing back here.
    private static IResult Account(HttpContext http, Authenticator auth, Links links)
    {
        var user = auth.SessionUser(http.Request);
        if (user is null)
            return Results.Redirect(links.To("/user/login/") + "?next=" + Uri.EscapeDataString(links.To("/user/account/")));
        return Html.Page("Account", $"""
            <h1>Account</h1>
            <p id="account-email">{Html.E(user.Email)}</p>
            <p id="account-name">{Html.E($"{user.FirstName} {user.LastName}".Trim())}</p>
            """);
    }

    private static async Task<IResult> Login(HttpContext http, Authenticator auth, CsrfProtection csrf,
        StandInStore store, Links links, TimeProvider clock)
    {
        var form = await http.Request.ReadFormAsync();
        if (csrf.Reject(http.Request, form) is { } reason)
            return Html.CsrfFailure(reason);
        var next = links.SafeNext(http.Request.Query["next"], "/projects/");
        if (auth.SessionUser(http.Request) is not null)
            return Results.Redirect(next);

        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var user = store.Read(s => s.Users.FirstOrDefault(u =>
            u.IsActive && string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)));
        if (user is null || !PasswordHasher.Verify(password, user.PasswordHash))
            return RenderLogin(http, links, "The email and password you entered don't match.", email);

        store.Write(s => s.Users.First(u => u.Id == user.Id).LastActivity = clock.GetUtcNow());
        auth.SignIn(http.Request, http.Response, user.Id, persist: IsChecked(form["persist_session"].ToString()));
        return Results.Redirect(next);
    }

    private static IResult SignupForm(HttpContext http, Authenticator auth, Links links) =>
        auth.SessionUser(http.Request) is not null
            ? Results.Redirect(links.SafeNext(http.Request.Query["next"], "/projects/"))
            : RenderSignup(http, links, error: null, email: "");

    private static async Task<IResult> Signup(HttpContext http, Authenticator auth, CsrfProtection csrf,
        StandInStore store, StandInOptions options, Links links, TimeProvider clock)
    {
        var form = await http.Request.ReadFormAsync();
        if (csrf.Reject(http.Request, form) is { } reason)
            return Html.CsrfFailure(reason);
        var next = links.SafeNext(http.Request.Query["next"], "/projects/");
        if (auth.SessionUser(http.Request) is not null)
            return Results.Redirect(next);

        // LS: with DISABLE_SIGNUP_WITHOUT_LINK only the organization's token lets anyone in; without
        // it, no token is fine but a wrong one is refused all the same.
        var token = http.Request.Query["token"].ToString();
        var organizationToken = store.Read(s => s.Organization?.Token);
        var tokenMatches = token.Length > 0 && token == organizationToken;
        if (options.DisableSignupWithoutLink ? !tokenMatches : token.Length > 0 && !tokenMatches)
            return Html.Forbidden();

        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
            return RenderSignup(http, links, "Enter a valid email address.", email);
        if (password.Length is < PasswordMinLength or > PasswordMaxLength)
            return RenderSignup(http, links, $"Please enter a password {PasswordMinLength}-{PasswordMaxLength} characters in length", email);

        var user = store.Write(state =>
        {
            if (state.Users.Any(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)))
                return null;
            var created = StandInBootstrap.AddUser(state, email, password, isSuperuser: false, apiToken: null, clock.GetUtcNow());
            return created;
        });
        if (user is null)
            return RenderSignup(http, links, "User with this email already exists", email);
        auth.SignIn(http.Request, http.Response, user.Id, persist: false);
        return Results.Redirect(next);
    }

    // LS's logout sends the browser to LABEL_STUDIO_HOST when it is set, else to "/".
    private static IResult Logout(HttpContext http, Authenticator auth, StandInOptions options)
    {
        auth.SignOut(http.Request, http.Response);
        return Results.Redirect(options.Host.Length > 0 ? options.Host.TrimEnd('/') + "/" : "/");
    }

    private static IResult RenderLogin(HttpContext http, Links links, string? error, string email)
    {
        var csrfField = CsrfField(http);
        var action = links.To("/user/login/") + http.Request.QueryString;
        return Html.Page("Log in", $"""
            <h1>Log in</h1>
            {ErrorBlock(error, "login-error")}
            <form id="login-form" method="post" action="{Html.E(action)}">
              {csrfField}
              <label for="email">Email</label> <input id="email" name="email" type="email" value="{Html.E(email)}">
              <label for="password">Password</label> <input id="password" name="password" type="password">
              <label><input id="persist_session" name="persist_session" type="checkbox" checked> Keep me logged in this browser</label>
              <button id="login-submit" type="submit">Log in</button>
            </form>
            <p><a id="signup-link" href="{Html.E(links.To("/user/signup/"))}">Sign up</a></p>
            """);
    }

    private static IResult RenderSignup(HttpContext http, Links links, string? error, string email)
    {
        var csrfField = CsrfField(http);
        var action = links.To("/user/signup/") + http.Request.QueryString;
        return Html.Page("Sign up", $"""
            <h1>Sign up</h1>
            {ErrorBlock(error, "signup-error")}
            <form id="signup-form" method="post" action="{Html.E(action)}">
              {csrfField}
              <label for="email">Email</label> <input id="email" name="email" type="email" value="{Html.E(email)}">
              <label for="password">Password</label> <input id="password" name="password" type="password">
              <button id="signup-submit" type="submit">Create account</button>
            </form>
            <p><a id="login-link" href="{Html.E(links.To("/user/login/"))}">Log in</a></p>
            """);
    }

    private static string CsrfField(HttpContext http)
    {
        var secret = CsrfProtection.SecretFor(http.Request);
        CsrfProtection.SetCookie(http.Response, secret);
        return $"<input type=\"hidden\" name=\"{CsrfProtection.FormField}\" value=\"{CsrfProtection.Mask(secret)}\">";
    }

    private static string ErrorBlock(string? error, string id) =>
        error is null ? "" : $"<p class=\"error\" id=\"{id}\">{Html.E(error)}</p>";

    private static bool IsChecked(string value) => value is "on" or "true" or "True" or "1";
}
