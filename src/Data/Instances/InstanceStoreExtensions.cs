using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Labelit.Data.Instances;

public static class InstanceStoreExtensions
{
    /// <summary>
    /// Registers <see cref="InstanceStore"/> and <see cref="LabelStudioSecrets"/>. Needs
    /// AddLabelitData() and AddLabelitDataProtection() first.
    /// </summary>
    public static IHostApplicationBuilder AddLabelitInstanceStore(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<LabelStudioSecrets>();
        builder.Services.TryAddSingleton<InstanceStore>();
        return builder;
    }
}
