using System.Net;
using Labelit.Data.Instances;

namespace Labelit.Web.Proxy;

/// <summary>
/// Signs a person in to their project's LS with their own LS account, the way a browser does (LS's
/// CSRF + form login; LS has no header or SSO login).
/// </summary>
public sealed class LabelStudioSignIn(InstanceStore instances, HttpMessageInvoker http, ILogger<LabelStudioSignIn> logger)
{
    /// <summary>A new LS session; null when the person has no LS account yet or LS refuses them.</summary>
    public async Task<LabelStudioSession?> SignInAsync(LabelStudioSessions.SessionKey key, CancellationToken cancellationToken)
    {
        var credentials = await instances.GetCredentialsAsync(key.ProjectId, key.UserId, cancellationToken);
        if (credentials is null)
        {
            return null;
        }

        using var form = new HttpRequestMessage(HttpMethod.Get, $"{key.Address}/user/login/");
        using var formResponse = await http.SendAsync(form, cancellationToken);
        var csrf = SetCookies.Of(formResponse).GetValueOrDefault("csrftoken");
        if (csrf is null)
        {
            logger.LogWarning("Label Studio at {Address} gave no CSRF cookie on its login page ({Status})", key.Address, (int)formResponse.StatusCode);
            return null;
        }

        using var login = new HttpRequestMessage(HttpMethod.Post, $"{key.Address}/user/login/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = credentials.Email,
                ["password"] = credentials.Password,
                ["csrfmiddlewaretoken"] = csrf,
            }),
        };
        login.Headers.Add("Cookie", $"csrftoken={csrf}");
        login.Headers.Referrer = new Uri($"{key.Address}/user/login/");
        using var loginResponse = await http.SendAsync(login, cancellationToken);
        var cookies = SetCookies.Of(loginResponse);
        if (loginResponse.StatusCode is not (HttpStatusCode.Found or HttpStatusCode.SeeOther) || !cookies.TryGetValue("sessionid", out var sessionId))
        {
            // LS answers a wrong password with the form again (200) and no session.
            logger.LogWarning("Label Studio at {Address} refused the sign-in of user {UserId} ({Status})", key.Address, key.UserId, (int)loginResponse.StatusCode);
            return null;
        }
        logger.LogInformation("User {UserId} signed in to Label Studio at {Address}", key.UserId, key.Address);
        return new LabelStudioSession(sessionId, cookies.GetValueOrDefault("csrftoken", csrf));
    }
}
