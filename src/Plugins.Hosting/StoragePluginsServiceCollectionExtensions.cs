using Labelit.Plugins.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers storage plugin loading in Web and Worker.</summary>
public static class StoragePluginsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="StoragePluginsOptions"/> from the <c>Storage</c> section of
    /// <paramref name="configuration"/>, registers <see cref="StoragePluginRegistry"/> (plugins load
    /// while the host starts, and reload when a new version is copied in) and a <c>storage-plugins</c> health check that is degraded while a plugin is broken.
    /// </summary>
    public static IServiceCollection AddStoragePlugins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoragePluginsOptions>()
            .Bind(configuration.GetSection(StoragePluginsOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoragePluginsOptions>, StoragePluginsOptionsValidator>();
        services.AddSingleton(provider => StoragePluginRegistry.Load(
            provider.GetRequiredService<IOptions<StoragePluginsOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("Labelit.Plugins"),
            provider.GetService<TimeProvider>()));
        services.AddHostedService<StoragePluginsStartup>();
        services.AddHealthChecks().AddCheck<StoragePluginsHealthCheck>("storage-plugins");
        return services;
    }
}
