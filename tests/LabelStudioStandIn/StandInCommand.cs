using Labelit.LabelStudioStandIn.Auth;
using Labelit.LabelStudioStandIn.Options;
using Labelit.LabelStudioStandIn.Storage;

namespace Labelit.LabelStudioStandIn;

/// <summary>The `label-studio` sub-commands the stand-in knows: start (the default) and reset_password.</summary>
public static class StandInCommand
{
    public static string Parse(string[] args)
    {
        var command = args.FirstOrDefault(a => !a.StartsWith('-')) ?? "start";
        return command is "start" or "reset_password"
            ? command
            : throw new StandInConfigurationException($"Unknown command '{command}'; use 'start' or 'reset_password'.");
    }

    /// <summary>`label-studio reset_password --username E --password P`: a way to give a user a password.</summary>
    public static int ResetPassword(string[] args, StandInOptions options)
    {
        if (options.Username is null || options.Password is null)
            throw new StandInConfigurationException("reset_password needs --username and --password.");
        var store = StandInStore.Open(options.DataDirectory);
        var found = store.Write(state =>
        {
            var user = state.Users.FirstOrDefault(u => u.IsActive && string.Equals(u.Email, options.Username, StringComparison.OrdinalIgnoreCase));
            if (user is not null)
                user.PasswordHash = PasswordHasher.Hash(options.Password);
            return user is not null;
        });
        Console.WriteLine(found ? $"Password for {options.Username} changed." : $"User {options.Username} not found.");
        return found ? 0 : 1;
    }
}
