using Labelit.Data;
using Microsoft.Extensions.Configuration;
using Labelit.Data.Protection;
using Labelit.Worker.Backups;
using Labelit.Worker.LabelStudio;
using Labelit.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Labelit.Worker.Tests.Backups;

/// <summary>
/// The backup services as the Worker registers them (AddBackups), in the test process, for one
/// installation: the test calls <see cref="BackupRunner.RunAsync"/> where the scheduled job would.
/// </summary>
public sealed class BackupHost : IDisposable
{
    private readonly IHost _host;

    private BackupHost(IHost host) => _host = host;

    public BackupRunner Runner => _host.Services.GetRequiredService<BackupRunner>();
    public RunningInstances Instances => _host.Services.GetRequiredService<RunningInstances>();
    public LabelStudioDataClient Client => _host.Services.GetRequiredService<LabelStudioDataClient>();
    public Labelit.Worker.LabelStudio.LabelStudioTasks Tasks => _host.Services.GetRequiredService<Labelit.Worker.LabelStudio.LabelStudioTasks>();

    public static BackupHost Create(Installation labelit, string backupRoot, IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? clock = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration[$"ConnectionStrings:{DataExtensions.ConnectionName}"] = labelit.ConnectionString;
        builder.Configuration["DataProtection:MasterKey"] = labelit.MasterKey;
        builder.Configuration["Backups:Directory"] = backupRoot;
        builder.Configuration["Backups:InstanceWaitTimeout"] = "00:00:30";
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddLogging();
        if (clock is not null)
            builder.Services.AddSingleton(clock);
        builder.AddLabelitData();
        builder.AddLabelitDataProtection();
        builder.AddBackups();
        return new BackupHost(builder.Build());
    }

    /// <summary>The project's tasks as LS exports them now, read through its running instance with the admin token.</summary>
    public async Task<LsSnapshot> SnapshotAsync(long projectId)
    {
        var target = await Instances.WaitAsync(projectId, TimeSpan.FromSeconds(60), CancellationToken.None);
        var file = Path.GetTempFileName();
        File.Delete(file);
        try
        {
            await Client.DownloadRawExportAsync(target, file, CancellationToken.None);
            return LsSnapshot.Read(File.ReadAllText(file), await Client.UsersAsync(target, CancellationToken.None));
        }
        finally
        {
            File.Delete(file);
        }
    }

    public void Dispose() => _host.Dispose();
}
