// Usage: Labelit.BareYarpProxy <listen URL> <backend URL>
// Forwards every request to the backend with YARP's forwarder and nothing else: no authentication,
// no allow-list, no logging, no telemetry. Started by the proxy benchmark as a baseline.
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(args[0]);
builder.Services.AddHttpForwarder();
var app = builder.Build();
app.MapForwarder("/{**path}", args[1]);
app.Run();
