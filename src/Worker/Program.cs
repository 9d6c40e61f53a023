using Labelit.Data;
using Labelit.Data.Protection;
using Labelit.ServiceDefaults;
using Labelit.Worker.Datasets;
using Labelit.Worker.Distribution;
using Labelit.Worker.Exports;
using Labelit.Worker.Backups;
using Labelit.Worker.Backups.Restore;
using Labelit.Worker.Instances;
using Labelit.Worker.Progress;
using Labelit.Worker.LabelImports;

if (RestoreCommands.Handles(args))
    return await RestoreCommands.RunAsync(args);

// The Worker serves only /health and /alive over HTTP; its work runs in background services.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLabelitData();
builder.AddLabelitRedis();
builder.AddLabelitDataProtection();
builder.Services.AddStoragePlugins(builder.Configuration);
builder.AddInstanceManager();
builder.AddDatasetSync();
builder.AddLabelImports();
builder.AddExports();
builder.AddProgress();
builder.AddTaskDistribution();
builder.AddBackups();
builder.AddBackupSchedule();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
return 0;
