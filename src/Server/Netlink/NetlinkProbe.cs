using Dashboard.Server.Netlink;
using Dashboard.Server.Netlink.Codec;
using Dashboard.Server.Netlink.Interop;
using Dashboard.Server.Netlink.Transport;

namespace Dashboard.Server.Netlink;

/// <summary>
/// Dumps the links of the calling thread's network namespace over a fresh NETLINK_ROUTE socket: the
/// whole round trip the dashboard depends on (socket, bind, send, receive, decode headers), and cheap.
/// </summary>
public static class NetlinkProbe
{
    /// <summary>How many links the kernel reported, or the error that stopped the dump.</summary>
    public static async Task<(int Links, string? Problem)> DumpLinksAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var dump = Task.Run(() =>
        {
            using var socket = NetlinkSocket.Open(receiveBuffer: 64 * 1024);
            int links = 0;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                links = 0;
                // An interrupted dump (links changing meanwhile) still proves the kernel answers,
                // but the count is only reported for a consistent one.
                if (socket.Dump(Requests.DumpLinks(), "RTM_GETLINK dump",
                        (in NlMsgHdr header, ReadOnlySpan<byte> _) => { if (header.Type == Rtm.NEWLINK) links++; }, cancellationToken))
                    break;
            }
            return links;
        }, cancellationToken);
        try
        {
            int links = await dump.WaitAsync(timeout, cancellationToken);
            return links > 0 ? (links, null) : (0, "the kernel reported no link, not even loopback");
        }
        catch (TimeoutException) { return (0, $"no complete netlink answer within {timeout.TotalSeconds:0.#} s"); }
        catch (Exception e) when (e is NetlinkException or IOException or NetlinkParseException) { return (0, e.Message); }
    }
}
