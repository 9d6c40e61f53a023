using Labelit.LabelStudioStandIn;
using Labelit.LabelStudioStandIn.Options;

// Started like Label Studio: `dotnet Labelit.LabelStudioStandIn.dll start --no-browser --port N`.
try
{
    var command = StandInCommand.Parse(args);
    var options = StandInOptionsReader.Read(args, Environment.GetEnvironmentVariable);
    return command switch
    {
        "reset_password" => StandInCommand.ResetPassword(args, options),
        _ => await StandInHost.RunAsync(options),
    };
}
catch (StandInConfigurationException e)
{
    Console.Error.WriteLine($"label-studio stand-in: {e.Message}");
    return 2;
}
