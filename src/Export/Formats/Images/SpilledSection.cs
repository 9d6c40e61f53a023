using Labelit.Export.Input;
using Labelit.Export.Output;

namespace Labelit.Export.Formats.Images;

/// <summary>One JSON array of a COCO file ("images" or "annotations") written as its items come
/// and spilled to a temp file, because LS puts "categories" between them and the categories are
/// only final after the last task. Items are indented as members of the top-level object's array.</summary>
internal sealed class SpilledSection(string tempDirectory) : IAsyncDisposable
{
    private readonly FileStream _file = TempFiles.Create(tempDirectory);
    private readonly ByteSink _sink = new();
    private PyJsonWriter? _writer;

    public int Count { get; private set; }

    /// <summary>A writer positioned for the next array item.</summary>
    public PyJsonWriter NextItem()
    {
        Count++;
        return _writer ??= new PyJsonWriter(_sink, indent: 2, openLevels: 2);
    }

    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _sink.FlushIfFullAsync(_file, cancellationToken);

    /// <summary>Writes "[...]" with the spilled items to <paramref name="output"/>.</summary>
    public async ValueTask CopyArrayToAsync(Stream output, CancellationToken cancellationToken)
    {
        await _sink.FlushAsync(_file, cancellationToken);
        await output.WriteAsync("["u8.ToArray(), cancellationToken);
        if (Count > 0)
        {
            _file.Position = 0;
            await _file.CopyToAsync(output, cancellationToken);
            await output.WriteAsync("\n  "u8.ToArray(), cancellationToken);
        }

        await output.WriteAsync("]"u8.ToArray(), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _sink.Dispose();
        await _file.DisposeAsync();
    }

}
