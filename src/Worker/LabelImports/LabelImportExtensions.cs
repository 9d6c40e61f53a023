using Labelit.Data.Jobs;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Scheduling;

namespace Labelit.Worker.LabelImports;

public static class LabelImportExtensions
{
    /// <summary>Label imports into LS. Needs AddInstanceManager() and AddDatasetSync() first (their options and LS connections).</summary>
    public static IHostApplicationBuilder AddLabelImports(this IHostApplicationBuilder builder)
    {
        LabelStudioLabels.Register(builder.Services);
        builder.Services.AddSingleton<LabelImportQueue>();
        builder.Services.AddSingleton<LabelImportRunner>();
        builder.Services.AddSingleton<RunningImports>();
        builder.Services.AddHostedService<LabelImportDispatcher>();
        // One import at a time per Worker: it holds a project's matched labels in memory and keeps its LS busy.
        builder.AddJobQueue<ILabelImportJob, LabelImportJob>(JobQueues.LabelImports, _ => 1);
        return builder;
    }
}
