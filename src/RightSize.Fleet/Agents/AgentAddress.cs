using System.Net;
using System.Net.Sockets;

namespace RightSize.Fleet.Agents;

/// <summary>The agent's address when none is given: the local address of the route to the NATS server.</summary>
internal static class AgentAddress
{
    public static string Detect(string natsUrl)
    {
        var uri = new Uri(natsUrl);
        var port = uri.IsDefaultPort || uri.Port < 0 ? 4222 : uri.Port;
        var target = IPAddress.TryParse(uri.Host, out var ip) ? ip : Dns.GetHostAddresses(uri.Host)[0];
        // A connected UDP socket sends nothing; connecting only asks the kernel which local address routes there.
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(target, port);
        return ((IPEndPoint)socket.LocalEndPoint!).Address.ToString();
    }
}
