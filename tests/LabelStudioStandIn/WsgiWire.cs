using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Labelit.LabelStudioStandIn;

/// <summary>
/// STANDIN_WSGI_WIRE: responses leave as they leave LS's server (`label-studio start` serves through
/// Django's WSGI server, whose handler writes the status line with one send() and the rest with
/// more, on a socket with Nagle's algorithm on). So the status line goes out as its own small
/// segment and the rest waits until the client acknowledges it: a kept-alive client that delays its
/// acknowledgements waits ~40 ms per response, as with a real LS (docs/label-studio-latency.md).
/// </summary>
public static class WsgiWire
{
    public static ConnectionDelegate Apply(ConnectionDelegate next) => async connection =>
    {
        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket
            ?? throw new InvalidOperationException("STANDIN_WSGI_WIRE needs Kestrel's socket transport.");
        socket.NoDelay = false;
        var output = PipeWriter.Create(new StatusLineApartStream(socket));
        var transport = connection.Transport;
        connection.Transport = new DuplexPipe(transport.Input, output);
        try
        {
            await next(connection);
        }
        finally
        {
            await output.CompleteAsync();
            connection.Transport = transport;
        }
    };

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>Sends straight to the socket, a response's status line in a send() of its own.</summary>
    private sealed class StatusLineApartStream(Socket socket) : Stream
    {
        private static readonly byte[] StatusLineStart = "HTTP/1."u8.ToArray();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var lineEnd = buffer.Span.StartsWith(StatusLineStart) ? buffer.Span.IndexOf("\r\n"u8) : -1;
            if (lineEnd > 0)
            {
                await SendAllAsync(buffer[..(lineEnd + 2)], cancellationToken);
                buffer = buffer[(lineEnd + 2)..];
            }
            await SendAllAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        private async Task SendAllAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            while (data.Length > 0)
                data = data[await socket.SendAsync(data, SocketFlags.None, cancellationToken)..];
        }

        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
