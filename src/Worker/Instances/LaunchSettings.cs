using Labelit.Worker.LabelStudio;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Instances;

/// <summary>The environment an instance starts with (docs/label-studio-contract.md, "Running one instance").</summary>
public sealed class LaunchSettings(IConfiguration configuration, IOptions<InstanceOptions> options)
{
    /// <summary>Web's public URL: Labelit:PublicUrl, else the URL an Aspire-style AppHost passes for "web".</summary>
    public Uri PublicUrl
    {
        get
        {
            var configured = configuration["Labelit:PublicUrl"] ?? configuration["services:web:https:0"] ?? configuration["services:web:http:0"];
            if (string.IsNullOrWhiteSpace(configured))
                throw new InvalidOperationException("Web's public URL is unknown: set Labelit:PublicUrl (LS needs it to write its links).");
            return Uri.TryCreate(configured.TrimEnd('/') + "/", UriKind.Absolute, out var uri)
                ? uri
                : throw new InvalidOperationException($"Labelit:PublicUrl '{configured}' is not an absolute URL.");
        }
    }

    public string DataRoot => Path.GetFullPath(options.Value.DataDirectory
        ?? Path.Combine(configuration["Labelit:DataDirectory"] ?? ".labelit", "instances"));

    /// <summary>LABEL_STUDIO_HOST: LS writes its links under the proxy's prefix for the project.</summary>
    public string HostFor(string slug) => new Uri(PublicUrl, $"projects/{Uri.EscapeDataString(slug)}/ls").ToString();

    public IReadOnlyDictionary<string, string> EnvironmentFor(long projectId, string slug, AdminSecrets admin)
    {
        var environment = new Dictionary<string, string>(options.Value.Environment)
        {
            ["LABEL_STUDIO_USERNAME"] = admin.Email,
            ["LABEL_STUDIO_PASSWORD"] = admin.Password,
            ["LABEL_STUDIO_USER_TOKEN"] = admin.Token,
            ["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] = "true",
            ["LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK"] = "true",
            ["LABEL_STUDIO_HOST"] = HostFor(slug),
            ["CSRF_TRUSTED_ORIGINS"] = PublicUrl.GetLeftPart(UriPartial.Authority),
            ["SECRET_KEY"] = admin.SecretKey,
            ["LABEL_STUDIO_BASE_DATA_DIR"] = Path.Combine(DataRoot, $"project-{projectId}"),
        };
        return environment;
    }
}
