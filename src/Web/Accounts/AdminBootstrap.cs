using Microsoft.AspNetCore.Identity;

namespace Labelit.Web.Accounts;

/// <summary>
/// Creates the first admin from Bootstrap:AdminEmail and Bootstrap:AdminPassword (environment:
/// Bootstrap__AdminEmail, Bootstrap__AdminPassword) when no admin exists yet. For unattended
/// installs; the command line (create-admin) is the usual way.
/// </summary>
internal sealed class AdminBootstrap(IConfiguration configuration, UserStore users, IPasswordHasher<User> hasher, ILogger<AdminBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var email = configuration["Bootstrap:AdminEmail"];
        var password = configuration["Bootstrap:AdminPassword"];
        if (string.IsNullOrWhiteSpace(email) || await users.AnyAdminAsync(cancellationToken))
        {
            return;
        }
        if (PasswordRules.Problem(password) is { } problem)
        {
            logger.LogError("Bootstrap:AdminPassword is not acceptable ({Problem}); no admin was created", problem);
            return;
        }
        var user = new User { Email = email.Trim(), DisplayName = email.Trim(), Role = Roles.Admin };
        if (await users.CreateAsync(user with { PasswordHash = hasher.HashPassword(user, password!) }, cancellationToken) is not null)
        {
            logger.LogInformation("Created the first admin {Email} from Bootstrap settings", email);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
