using Labelit.Data.Distribution;

namespace Labelit.Worker.Distribution;

public static class DistributionExtensions
{
    /// <summary>Task distribution (split mode) and the review decisions exports read (src/Data/Distribution/README.md).</summary>
    public static IHostApplicationBuilder AddTaskDistribution(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DistributionStore>();
        builder.Services.AddSingleton<ReviewStore>();
        builder.Services.AddSingleton<NewTaskDistributor>();
        builder.Services.AddSingleton<AcceptedOnlyExports>();
        return builder;
    }
}
