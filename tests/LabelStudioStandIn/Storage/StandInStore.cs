using System.Text.Json;
using System.Text.Json.Serialization;

namespace Labelit.LabelStudioStandIn.Storage;

/// <summary>
/// Holds the instance's state in memory and writes it to one JSON file after every change.
/// The file is replaced atomically (write a temp file, then rename), so a killed process leaves
/// either the old or the new state, never half of one: this is what makes restarts keep data.
/// </summary>
public sealed class StandInStore
{
    public const string FileName = "standin-state.json";

    private static readonly JsonSerializerOptions FileJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly StoredState _state;

    private StandInStore(string path, StoredState state)
    {
        _path = path;
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
            return new StandInStore(path, state);
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

    public static int NextId(StoredState state, string kind)
    {
        var next = state.LastIds.GetValueOrDefault(kind) + 1;
        state.LastIds[kind] = next;
        return next;
    }

    private void Save()
    {
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, _state, FileJson);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, _path, overwrite: true);
    }
}
