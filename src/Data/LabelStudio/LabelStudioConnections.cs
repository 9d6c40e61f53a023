using System.Net;
using System.Net.Sockets;

namespace Labelit.Data.LabelStudio;

/// <summary>
/// The one way Labelit opens connections to a Label Studio instance, shared by the proxy and the
/// Worker's LS clients. See docs/label-studio-latency.md for why reads acknowledge at once.
/// </summary>
public static class LabelStudioConnections
{
    /// <summary>A pooled handler for LS: no proxy, no cookies, no redirects, no decompression; LS sees what was sent.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        ConnectCallback = ConnectAsync,
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new QuickAckStream(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
