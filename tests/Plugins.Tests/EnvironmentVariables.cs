namespace Labelit.Plugins.Tests;

/// <summary>Sets process environment variables for one test and puts the previous values back.</summary>
internal sealed class EnvironmentVariables : IDisposable
{
    private readonly Dictionary<string, string?> previous;

    public EnvironmentVariables(Dictionary<string, string> values)
    {
        previous = values.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        foreach (var (name, value) in values)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
