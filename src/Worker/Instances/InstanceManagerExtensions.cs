using Labelit.Data.Instances;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Runtimes;
using Microsoft.Extensions.Options;

namespace Labelit.Worker.Instances;

public static class InstanceManagerExtensions
{
    /// <summary>
    /// The LS instance manager: options from "Instances", the runtime it names, and the
    /// reconciler. Needs AddLabelitData() and AddLabelitDataProtection() first.
    /// </summary>
    public static IHostApplicationBuilder AddInstanceManager(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InstanceOptions>()
            .BindConfiguration(InstanceOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.PortRangeStart <= o.PortRangeEnd, "Instances:PortRangeStart must not be above Instances:PortRangeEnd.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.WorkerId), "Instances:WorkerId must not be empty.")
            .ValidateOnStart();
        builder.AddLabelitInstanceStore();
        builder.Services.AddSingleton<ProcessRuntime>();
        builder.Services.AddSingleton<ContainerRuntime>();
        builder.Services.AddSingleton<IInstanceRuntime>(provider =>
            provider.GetRequiredService<IOptions<InstanceOptions>>().Value.Runtime == "Container"
                ? provider.GetRequiredService<ContainerRuntime>()
                : provider.GetRequiredService<ProcessRuntime>());
        builder.Services.AddLabelStudioClient<LabelStudioClient>(TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<InstanceRepository>();
        builder.Services.AddSingleton<ProjectLocks>();
        builder.Services.AddSingleton<LaunchSettings>();
        builder.Services.AddSingleton<Provisioner>();
        builder.Services.AddSingleton<RunningInstances>();
        builder.Services.AddSingleton<InstanceReconciler>();
        builder.Services.AddSingleton<OrphanSweeper>();
        Labelit.Data.Changes.ChangeNotices.Register(builder.Services);
        builder.Services.AddHostedService<ReconcilerService>();
        return builder;
    }
}
