using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// SignalR's JSON protocol over a bare WebSocket, as a browser's client speaks it: the URL may carry
/// ?id= and ?access_token=, and the Origin header is whatever the test says. Lets a test see the
/// upgrade's HTTP status and every byte the client sends.
/// </summary>
public sealed class RawHubSocket : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly StringBuilder _pending = new();
    private int _nextId;

    private RawHubSocket(ClientWebSocket socket) => _socket = socket;

    /// <summary>
    /// For a browser page (Playwright's EvaluateAsync with the URL): opens a WebSocket there and speaks
    /// SignalR's JSON handshake; "handshake …" when the server took it, "refused" when it did not.
    /// </summary>
    public const string BrowserHandshakeScript = """
        url => new Promise(resolve => {
            const ws = new WebSocket(url);
            const timer = setTimeout(() => resolve('timeout'), 10000);
            ws.onopen = () => ws.send(JSON.stringify({ protocol: 'json', version: 1 }) + '\u001e');
            ws.onmessage = m => { clearTimeout(timer); resolve('handshake ' + m.data.replace('\u001e', '')); ws.close(); };
            ws.onerror = () => { clearTimeout(timer); resolve('refused'); };
        })
        """;

    /// <summary>Connects and completes the handshake, or returns the upgrade's HTTP status when the server refused it.</summary>
    public static async Task<(RawHubSocket? Hub, HttpStatusCode Status)> TryConnectAsync(string url, string? origin, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
        try { await socket.ConnectAsync(new Uri(url), ct); }
        catch (WebSocketException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            return (null, status);
        }
        var hub = new RawHubSocket(socket);
        await hub.SendAsync("""{"protocol":"json","version":1}""", ct);
        var handshake = await hub.ReceiveAsync(ct);
        if (handshake != "{}") throw new InvalidOperationException($"handshake refused: {handshake}");
        return (hub, HttpStatusCode.SwitchingProtocols);
    }

    /// <summary>Invokes a hub method and returns its completion message (type 3) as JSON.</summary>
    public async Task<JsonElement> InvokeAsync(string target, object[] arguments, CancellationToken ct)
    {
        var id = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }), ct);
        while (true)
        {
            var message = JsonDocument.Parse(await ReceiveAsync(ct)).RootElement;
            if (message.GetProperty("type").GetInt32() == 3 && message.GetProperty("invocationId").GetString() == id) return message;
        }
    }

    private Task SendAsync(string json, CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + Separator), WebSocketMessageType.Text, endOfMessage: true, ct);

    private async Task<string> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var text = _pending.ToString();
            int end = text.IndexOf(Separator);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return text[..end];
            }
            var result = await _socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close) throw new WebSocketException("the server closed the connection");
            _pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException) { }
        _socket.Dispose();
    }
}
