using System.Net;
using System.Net.Sockets;

namespace SessionCloser.Fixtures.RealOpenClaw;

public static class FreePort
{
    /// <summary>A loopback port that was free a moment ago (on both IPv4 and IPv6, where the gateway listens).</summary>
    public static int Pick()
    {
        for (var attempt = 0; ; attempt++)
        {
            var v4 = new TcpListener(IPAddress.Loopback, 0);
            v4.Start();
            var port = ((IPEndPoint)v4.LocalEndpoint).Port;
            try
            {
                var v6 = new TcpListener(IPAddress.IPv6Loopback, port);
                v6.Start();
                v6.Stop();
                return port;
            }
            catch (SocketException e) when (e.SocketErrorCode != SocketError.AddressAlreadyInUse)
            {
                return port; // no IPv6 loopback here: the gateway will not listen there either
            }
            catch (SocketException) when (attempt < 20)
            {
            }
            finally
            {
                v4.Stop();
            }
        }
    }
}
