namespace Labelit.LabelStudioStandIn.Options;

/// <summary>
/// Everything the stand-in reads at start, from the command line and LS's environment variables.
/// </summary>
public sealed record StandInOptions
{
    public int Port { get; init; } = 8080;

    /// <summary>Directory that holds the durable state (one JSON file).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Path prefix LS generates links under (FORCE_SCRIPT_NAME), "" or "/ls/7" (no trailing slash).</summary>
    public string PathPrefix { get; init; } = "";

    /// <summary>The full LABEL_STUDIO_HOST value, "" when unset.</summary>
    public string Host { get; init; } = "";

    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? UserToken { get; init; }
    public bool EnableLegacyApiToken { get; init; }
    public bool DisableSignupWithoutLink { get; init; }
    public IReadOnlyList<string> CsrfTrustedOrigins { get; init; } = [];

    /// <summary>SECRET_KEY: signs the JWTs; when unset a generated key is kept in the state file.</summary>
    public string? SecretKey { get; init; }

    /// <summary>Lifetime of JWT access tokens (LS: about 5 minutes); STANDIN_JWT_ACCESS_TTL_SECONDS.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Stand-in only: time before the server starts listening, like LS running migrations.</summary>
    public TimeSpan StartupDelay { get; init; }

    /// <summary>Stand-in only: time an export snapshot stays "in_progress" before it completes.</summary>
    public TimeSpan ExportDelay { get; init; }

    /// <summary>Stand-in only: write responses on the wire as LS's server does (<see cref="WsgiWire"/>); STANDIN_WSGI_WIRE.</summary>
    public bool WsgiWire { get; init; }

    /// <summary>Stand-in only: folder with the LS editor's build/static files (main.js, main.css).</summary>
    public string? EditorDirectory { get; init; }
}
