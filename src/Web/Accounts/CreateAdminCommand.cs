using Labelit.Data;
using Labelit.Data.Migrations;
using Microsoft.AspNetCore.Identity;

namespace Labelit.Web.Accounts;

/// <summary>
/// `Labelit.Web create-admin --email E [--name N]`: creates an admin. The password is read from
/// standard input when it is redirected, else prompted for twice without echo. No default password.
/// </summary>
public static class CreateAdminCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var email = Option(args, "--email");
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@'))
        {
            Console.Error.WriteLine("Usage: create-admin --email <address> [--name <display name>]");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddLabelitData();
        builder.Services.AddSingleton<UserStore>();
        using var host = builder.Build();
        await host.Services.GetRequiredService<Migrator>().MigrateAsync();

        var password = ReadPassword();
        if (PasswordRules.Problem(password) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }
        var user = new User { Email = email.Trim(), DisplayName = Option(args, "--name") ?? email.Trim(), Role = Roles.Admin };
        user = user with { PasswordHash = new PasswordHasher<User>().HashPassword(user, password!) };
        var created = await host.Services.GetRequiredService<UserStore>().CreateAsync(user);
        if (created is null)
        {
            Console.Error.WriteLine($"A user with the email {email} already exists; nothing was changed.");
            return 1;
        }
        Console.WriteLine($"Admin {created.Email} created. Sign in with this email and the password you chose.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }
        var first = Prompt("Password: ");
        var second = Prompt("Repeat password: ");
        if (first != second)
        {
            Console.Error.WriteLine("The two passwords differ.");
            return null;
        }
        return first;
    }

    private static string Prompt(string label)
    {
        Console.Write(label);
        var text = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && text.Length > 0)
            {
                text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
        Console.WriteLine();
        return text.ToString();
    }
}
