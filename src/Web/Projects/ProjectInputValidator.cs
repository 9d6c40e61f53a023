namespace Labelit.Web.Projects;

/// <summary>Checks a <see cref="ProjectInput"/>; every problem is keyed by the field it concerns.</summary>
public static class ProjectInputValidator
{
    public const int NameMaximumLength = 100;
    public const int DescriptionMaximumLength = 2000;
    public const int MaximumLocations = 50;
    public const int MaximumIntervalMinutes = 7 * 24 * 60;

    public static Dictionary<string, string[]> Validate(ProjectInput input, out Project? project, long managerId)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            Add(nameof(ProjectInput.Name), "Enter a project name.");
        }
        else if (name.Length > NameMaximumLength)
        {
            Add(nameof(ProjectInput.Name), $"The name must have at most {NameMaximumLength} characters.");
        }

        var slug = string.IsNullOrWhiteSpace(input.Slug) ? Slug.From(name) : input.Slug.Trim();
        if (!Slug.IsValid(slug))
        {
            Add(nameof(ProjectInput.Slug), $"The URL name may use lower-case letters, digits and single dashes, at most {Slug.MaximumLength} characters (e.g. \"{Slug.From(slug)}\").");
        }

        var description = input.Description?.Trim() ?? "";
        if (description.Length > DescriptionMaximumLength)
        {
            Add(nameof(ProjectInput.Description), $"The description must have at most {DescriptionMaximumLength} characters.");
        }

        var check = LabelConfigValidator.Check(input.LabelConfig);
        if (!check.IsValid)
        {
            Add(nameof(ProjectInput.LabelConfig), check.Problem!);
        }

        var status = input.Status is null ? ProjectStatus.Active : ProjectStatus.Parse(input.Status);
        if (status is null)
        {
            Add(nameof(ProjectInput.Status), $"Status must be one of {string.Join(", ", ProjectStatus.All)}.");
        }

        var locations = (input.DatasetLocations ?? []).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct().ToList();
        if (locations.Count > MaximumLocations)
        {
            Add(nameof(ProjectInput.DatasetLocations), $"At most {MaximumLocations} storage locations.");
        }
        foreach (var location in locations.Where(l => !IsStorageLocation(l)))
        {
            Add(nameof(ProjectInput.DatasetLocations), $"\"{location}\" is not a storage location such as s3://bucket/prefix/, gs://bucket/prefix/ or file:///data/images/.");
        }

        Data.Datasets.ObjectFilter.Parse(input.DatasetFilter, out var filterProblem);
        if (filterProblem is not null)
        {
            Add(nameof(ProjectInput.DatasetFilter), filterProblem);
        }
        if (locations.Count > 0 && input.DatasetConnectionId is null)
        {
            Add(nameof(ProjectInput.DatasetConnectionId), "Choose the storage connection that reads these locations.");
        }
        var syncInterval = input.DatasetSyncIntervalMinutes ?? 0;
        if (syncInterval is < 0 or > MaximumIntervalMinutes)
        {
            Add(nameof(ProjectInput.DatasetSyncIntervalMinutes), $"The re-sync interval must be between 0 (on demand only) and {MaximumIntervalMinutes} minutes.");
        }

        var formats = (input.ExportFormats ?? ["JSON"]).Select(f => f.Trim().ToUpperInvariant()).Distinct().ToList();
        if (check.IsValid)
        {
            foreach (var format in formats.Where(f => !check.ExportFormats.Contains(f)))
            {
                Add(nameof(ProjectInput.ExportFormats), $"{format} is not available for this label config (available: {string.Join(", ", check.ExportFormats)}).");
            }
        }
        var interval = input.ExportIntervalMinutes ?? 0;
        if (interval is < 0 or > MaximumIntervalMinutes)
        {
            Add(nameof(ProjectInput.ExportIntervalMinutes), $"The export interval must be between 0 (off) and {MaximumIntervalMinutes} minutes.");
        }
        var destination = string.IsNullOrWhiteSpace(input.ExportDestination) ? "local" : input.ExportDestination.Trim();
        if (destination != "local" && !IsStorageLocation(destination))
        {
            Add(nameof(ProjectInput.ExportDestination), "The export destination must be \"local\" or a storage location such as s3://bucket/exports/.");
        }
        if (destination != "local" && input.ExportConnectionId is null)
        {
            Add(nameof(ProjectInput.ExportConnectionId), "Choose the storage connection that writes to the export destination.");
        }

        project = errors.Count > 0 ? null : new Project
        {
            Name = name,
            Slug = slug,
            Description = description,
            LabelConfig = input.LabelConfig!.Trim(),
            ManagerId = managerId,
            Status = status!,
            Dataset = new ProjectDataset
            {
                Locations = locations,
                Filter = string.IsNullOrWhiteSpace(input.DatasetFilter) ? null : input.DatasetFilter.Trim(),
                ConnectionId = locations.Count > 0 ? input.DatasetConnectionId : null,
                SyncIntervalMinutes = syncInterval,
            },
            ExportSettings = new ProjectExportSettings
            {
                Formats = formats,
                IntervalMinutes = interval,
                Destination = destination,
                ConnectionId = destination == "local" ? null : input.ExportConnectionId,
                PerAnnotator = input.ExportPerAnnotator ?? false,
            },
        };
        return errors;
    }

    private static bool IsStorageLocation(string value) =>
        value.Length <= 1000 && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is not ("http" or "https" or "javascript" or "data");
}
