using System.Text.Json;
using System.Text.Json.Serialization;

namespace Labelit.LabelStudioStandIn.Storage;

/// <summary>
/// Holds the instance's state in memory and writes it to one JSON file after every change.
/// The file is replaced atomically (write a temp file, then rename), so a killed process leaves
/// either the old or the new state, never half of one: this is what makes restarts keep data.
/// Imports only add, and are saved by appending what they added to a journal, replayed at start:
/// like LS's database, an import then costs what it adds, not the size of everything stored.
/// </summary>
public sealed class StandInStore
{
    public const string FileName = "standin-state.json";
    public const string JournalName = "standin-journal.jsonl";

    private static readonly JsonSerializerOptions FileJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly string _journalPath;
    private readonly StoredState _state;

    private StandInStore(string path, StoredState state)
    {
        _path = path;
        _journalPath = Path.Combine(Path.GetDirectoryName(path)!, JournalName);
        _state = state;
    }

    /// <summary>True when this start found no earlier state (LS's "first start").</summary>
    public bool IsFirstStart { get; private init; }

    public static StandInStore Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            var store = new StandInStore(path, new StoredState()) { IsFirstStart = true };
            store.Write(_ => 0);
            return store;
        }
        try
        {
            var state = JsonSerializer.Deserialize<StoredState>(File.ReadAllText(path), FileJson)
                ?? throw new JsonException("it holds JSON null");
            var store = new StandInStore(path, state);
            store.ReplayJournal();
            return store;
        }
        catch (JsonException e)
        {
            throw new Options.StandInConfigurationException($"The state file {path} cannot be read: {e.Message}");
        }
    }

    public T Read<T>(Func<StoredState, T> query)
    {
        lock (_gate)
            return query(_state);
    }

    /// <summary>Runs a change and saves it before anyone else can read or change the state.</summary>
    public T Write<T>(Func<StoredState, T> change)
    {
        lock (_gate)
        {
            var result = change(_state);
            Save();
            return result;
        }
    }

    /// <summary>Runs a change that only adds tasks and annotations, and saves what it added (see the class summary).</summary>
    public T Append<T>(Func<StoredState, (T Result, JournalEntry Added)> change)
    {
        lock (_gate)
        {
            var (result, added) = change(_state);
            added.Sequence = ++_state.JournalSequence;
            added.LastIds = new(_state.LastIds);
            using var journal = new FileStream(_journalPath, FileMode.Append, FileAccess.Write, FileShare.None);
            JsonSerializer.Serialize(journal, added, FileJson);
            journal.WriteByte((byte)'\n');
            journal.Flush(flushToDisk: true);
            return result;
        }
    }

    public static int NextId(StoredState state, string kind)
    {
        var next = state.LastIds.GetValueOrDefault(kind) + 1;
        state.LastIds[kind] = next;
        return next;
    }

    // Entries the snapshot already holds are skipped; a last line cut short by a kill was never answered, so it is dropped.
    private void ReplayJournal()
    {
        if (!File.Exists(_journalPath))
            return;
        foreach (var line in File.ReadLines(_journalPath))
        {
            JournalEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<JournalEntry>(line, FileJson);
            }
            catch (JsonException)
            {
                break;
            }
            if (entry is null || entry.Sequence <= _state.JournalSequence)
                continue;
            _state.Tasks.AddRange(entry.Tasks);
            _state.Annotations.AddRange(entry.Annotations);
            _state.LastIds = entry.LastIds;
            _state.JournalSequence = entry.Sequence;
        }
        Save(); // the journal starts again, so no later entry follows a line cut short
    }

    /// <summary>Writes the whole state; the journal's entries are in it now, so the journal starts again.</summary>
    private void Save()
    {
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, _state, FileJson);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, _path, overwrite: true);
        File.Delete(_journalPath);
    }
}

/// <summary>What one import added, as one journal line.</summary>
public sealed class JournalEntry
{
    public long Sequence { get; set; }
    public List<TaskRecord> Tasks { get; set; } = [];
    public List<AnnotationRecord> Annotations { get; set; } = [];
    public Dictionary<string, int> LastIds { get; set; } = [];
}
