using System.Net;
using System.Net.Sockets;

namespace Labelit.AppHost.Services;

internal static class FreePort
{
    /// <summary>A loopback port nobody listens on now (the OS picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether a listener could bind <paramref name="address"/>:<paramref name="port"/> now.</summary>
    public static bool IsFree(string address, int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Parse(address), port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
