using Labelit.Data;
using Labelit.Data.Protection;
using Labelit.ServiceDefaults;

// The Worker serves only /health and /alive over HTTP; its work runs in background services.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLabelitData();
builder.AddLabelitDataProtection();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
