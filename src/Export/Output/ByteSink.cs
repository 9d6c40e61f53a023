using System.Buffers;
using System.Text;

namespace Labelit.Export.Output;

/// <summary>A pooled byte buffer that writers fill synchronously and the exporters hand to the
/// output stream asynchronously once it holds enough, so output never piles up in memory.</summary>
internal sealed class ByteSink : IDisposable
{
    public const int FlushThreshold = 64 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FlushThreshold * 2);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Write(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void WriteUtf8(ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        Length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(Length));
    }

    /// <summary>Room to format into; call <see cref="Advance"/> with what was used.</summary>
    public Span<byte> GetSpan(int size)
    {
        Ensure(size);
        return _buffer.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public void Clear() => Length = 0;

    public async ValueTask FlushIfFullAsync(Stream output, CancellationToken cancellationToken)
    {
        if (Length >= FlushThreshold)
        {
            await FlushAsync(output, cancellationToken);
        }
    }

    public async ValueTask FlushAsync(Stream output, CancellationToken cancellationToken)
    {
        if (Length > 0)
        {
            await output.WriteAsync(_buffer.AsMemory(0, Length), cancellationToken);
            Length = 0;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Ensure(int extra)
    {
        if (Length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + extra));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
