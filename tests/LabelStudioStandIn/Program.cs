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
catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
{
    Console.Error.WriteLine($"label-studio stand-in: cannot listen on 127.0.0.1: {e.Message}");
    return 3;
}
