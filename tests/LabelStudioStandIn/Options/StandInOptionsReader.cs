using System.Net.Mail;

namespace Labelit.LabelStudioStandIn.Options;

/// <summary>
/// Reads options the way `label-studio start` does: command-line flags win over environment
/// variables, and every LS variable may be spelled LABEL_STUDIO_NAME or NAME.
/// </summary>
public static class StandInOptionsReader
{
    public static StandInOptions Read(string[] args, Func<string, string?> environment)
    {
        var flags = ParseFlags(args);
        string? Setting(string name) =>
            NonEmpty(environment("LABEL_STUDIO_" + name)) ?? NonEmpty(environment(name));

        var host = flags.GetValueOrDefault("host") ?? Setting("HOST") ?? "";
        var username = flags.GetValueOrDefault("username") ?? Setting("USERNAME");
        var password = flags.GetValueOrDefault("password") ?? Setting("PASSWORD");
        var userToken = flags.GetValueOrDefault("user-token") ?? Setting("USER_TOKEN");
        var portText = flags.GetValueOrDefault("port") ?? Setting("PORT") ?? "8080";

        if (!int.TryParse(portText, out var port) || port is < 1 or > 65535)
            throw new StandInConfigurationException($"--port must be a TCP port number, got '{portText}'.");
        if (username is not null && !IsEmail(username))
            throw new StandInConfigurationException(
                $"LABEL_STUDIO_USERNAME must be an email address, got '{username}'.");
        if ((username is null) != (password is null))
            throw new StandInConfigurationException(
                "LABEL_STUDIO_USERNAME and LABEL_STUDIO_PASSWORD must be given together.");
        if (userToken is not null && userToken.Length is < 6 or > 40)
            throw new StandInConfigurationException(
                $"LABEL_STUDIO_USER_TOKEN must be 6 to 40 characters long, got {userToken.Length}.");

        return new StandInOptions
        {
            Port = port,
            DataDirectory = Path.GetFullPath(
                flags.GetValueOrDefault("data-dir") ?? Setting("BASE_DATA_DIR") ?? DefaultDataDirectory()),
            Host = host,
            PathPrefix = PrefixOf(host),
            Username = username,
            Password = password,
            UserToken = userToken,
            EnableLegacyApiToken = IsTrue(Setting("ENABLE_LEGACY_API_TOKEN")),
            DisableSignupWithoutLink = IsTrue(Setting("DISABLE_SIGNUP_WITHOUT_LINK")),
            CsrfTrustedOrigins = (Setting("CSRF_TRUSTED_ORIGINS") ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            SecretKey = Setting("SECRET_KEY"),
            AccessTokenLifetime = Seconds(environment, "STANDIN_JWT_ACCESS_TTL_SECONDS") ?? TimeSpan.FromMinutes(5),
            StartupDelay = Milliseconds(environment, "STANDIN_STARTUP_DELAY_MS"),
            ExportDelay = Milliseconds(environment, "STANDIN_EXPORT_DELAY_MS"),
            EditorDirectory = NonEmpty(environment("STANDIN_EDITOR_DIR")),
            WsgiWire = IsTrue(environment("STANDIN_WSGI_WIRE")),
        };
    }

    /// <summary>"http://host:5000/ls/7/" gives "/ls/7"; a host without a path gives "".</summary>
    public static string PrefixOf(string host)
    {
        if (host.Length == 0)
            return "";
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri))
            throw new StandInConfigurationException(
                $"LABEL_STUDIO_HOST must be an absolute URL like http://host:port/prefix, got '{host}'.");
        return uri.AbsolutePath.TrimEnd('/');
    }

    // The first bare word is the command ("start"); `--name value` and `--name=value` are flags;
    // flags the stand-in does not know are accepted and ignored, like extra LS options.
    private static Dictionary<string, string> ParseFlags(string[] args)
    {
        var flags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                continue;
            var name = arg[2..];
            var equals = name.IndexOf('=');
            if (equals >= 0)
                flags[name[..equals]] = name[(equals + 1)..];
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                flags[name] = args[++i];
            else
                flags[name] = "true";
        }
        return flags;
    }

    private static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "label-studio-standin");

    private static TimeSpan Milliseconds(Func<string, string?> environment, string name)
    {
        var text = NonEmpty(environment(name));
        if (text is null)
            return TimeSpan.Zero;
        if (!int.TryParse(text, out var ms) || ms < 0)
            throw new StandInConfigurationException($"{name} must be a whole number of milliseconds, got '{text}'.");
        return TimeSpan.FromMilliseconds(ms);
    }

    private static TimeSpan? Seconds(Func<string, string?> environment, string name)
    {
        var text = NonEmpty(environment(name));
        if (text is null)
            return null;
        if (!int.TryParse(text, out var seconds) || seconds < 1)
            throw new StandInConfigurationException($"{name} must be a whole number of seconds (1 or more), got '{text}'.");
        return TimeSpan.FromSeconds(seconds);
    }

    private static bool IsTrue(string? value) =>
        value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value is "1"
            || value.Equals("yes", StringComparison.OrdinalIgnoreCase));

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.');

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

public sealed class StandInConfigurationException(string message) : Exception(message);
