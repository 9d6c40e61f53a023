using System.Net.Sockets;

namespace Labelit.Data.LabelStudio;

/// <summary>
/// A connection that asks the kernel to acknowledge what it receives at once (Linux TCP_QUICKACK)
/// before every read. LS's server sends a response's status line as its own small segment and, with
/// Nagle's algorithm on its socket, holds the rest until that segment is acknowledged; a kept-alive
/// client connection is in Linux's delayed-ACK ("ping-pong") mode and waits ~40 ms to acknowledge.
/// The option is not sticky (the kernel re-enters that mode after each request we send), hence once
/// per read. No library offers this; it is one system call per read.
/// </summary>
internal sealed class QuickAckStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    private const int IpProtocolTcp = 6;
    private const int TcpQuickAck = 12;
    private static readonly byte[] On = BitConverter.GetBytes(1);
    private static readonly bool Supported = OperatingSystem.IsLinux();

    public override int Read(Span<byte> buffer)
    {
        AcknowledgeAtOnce();
        return base.Read(buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        AcknowledgeAtOnce();
        return base.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void AcknowledgeAtOnce()
    {
        if (!Supported)
            return;
        try
        {
            Socket.SetRawSocketOption(IpProtocolTcp, TcpQuickAck, On);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The connection is gone: the read below says so.
        }
    }
}
