using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Labelit.Export.Input;

/// <summary>Lets a format read the tasks twice without holding them: the first read copies the
/// input stream to a temp file as it goes, later reads come from that file. The file is
/// deleted when this is disposed.</summary>
internal sealed class SpooledTaskSource(Stream input, string tempDirectory) : ITaskSource, IAsyncDisposable
{
    private FileStream? _spool;

    public async IAsyncEnumerable<JsonElement> ReadTasksAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream source;
        if (_spool is null)
        {
            _spool = TempFiles.Create(tempDirectory);
            source = new CopyingReadStream(input, _spool);
        }
        else
        {
            _spool.Position = 0;
            source = _spool;
        }

        await foreach (var task in TaskStreamReader.ReadTasksAsync(source, cancellationToken))
        {
            yield return task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_spool is not null)
        {
            await _spool.DisposeAsync();
        }
    }
}
