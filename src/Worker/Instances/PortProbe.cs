using System.Net;
using System.Net.Sockets;

namespace Labelit.Worker.Instances;

internal static class PortProbe
{
    /// <summary>Whether something could listen on 127.0.0.1:port right now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
