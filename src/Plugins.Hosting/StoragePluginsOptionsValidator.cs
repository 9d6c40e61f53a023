using Microsoft.Extensions.Options;

namespace Labelit.Plugins.Hosting;

/// <summary>Refuses allowed local roots that would not confine local storage.</summary>
internal sealed class StoragePluginsOptionsValidator : IValidateOptions<StoragePluginsOptions>
{
    public ValidateOptionsResult Validate(string? name, StoragePluginsOptions options)
    {
        var problems = new List<string>();
        foreach (var root in options.AllowedLocalRoots)
        {
            if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
            {
                problems.Add($"Storage:AllowedLocalRoots entry '{root}' must be an absolute path.");
            }
            else if (Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) == Path.GetPathRoot(Path.GetFullPath(root)))
            {
                problems.Add($"Storage:AllowedLocalRoots entry '{root}' is a file-system root, which would expose the whole disk; name a data folder.");
            }
        }

        if (options.PluginsDirectory is { } directory && string.IsNullOrWhiteSpace(directory))
        {
            problems.Add("Storage:PluginsDirectory is blank; remove it to use the default or name a folder.");
        }

        if (options.ReloadQuietPeriod <= TimeSpan.Zero)
        {
            problems.Add($"Storage:ReloadQuietPeriod is {options.ReloadQuietPeriod}; it must be positive, such as 00:00:02.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
