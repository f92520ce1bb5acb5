using System.Threading.Channels;
using Dashboard.Server.Contracts;
using Dashboard.Server.Events;
using Dashboard.Web.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Integration.Tests.Support;

/// <summary>
/// The events hub in a minimal web app on 127.0.0.1 and a free port, registered with the same
/// extensions the dashboard uses (AddDashboardHubs, MapDashboardHubs).
/// </summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HubHost(WebApplication app) => _app = app;

    public LiveStream Stream => _app.Services.GetRequiredService<LiveStream>();
    public EventCounters Counters => Stream.Counters;
    public Uri HubUrl { get; private set; } = null!;

    public static async Task<HubHost> StartAsync(EventsOptions options)
    {
        TestNamespace.RequireRoot();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDashboardHubs(options);
        var app = builder.Build();
        app.MapDashboardHubs();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HubHost(app) { HubUrl = new Uri(address + "/hubs/routes") };
    }

    /// <summary>A real SignalR client whose notices land in <see cref="HubClient.Events"/>.</summary>
    public async Task<HubClient> ConnectAsync(bool messagePack = false, Func<RouteEventDto, Task>? gate = null)
    {
        var b = new HubConnectionBuilder().WithUrl(HubUrl);
        if (messagePack) b.AddMessagePackProtocol();
        var connection = b.Build();
        var client = new HubClient(connection);
        foreach (var kind in Enum.GetNames<RouteChangeKind>())
        {
            connection.On<RouteEventDto>(kind, async e =>
            {
                Interlocked.Increment(ref client.singleCalls);
                if (gate is not null) await gate(e);
                client.Events.Writer.TryWrite(e);
            });
        }
        connection.On<RouteEventDto[]>("Notices", batch =>
        {
            lock (client.BatchSizes) client.BatchSizes.Add(batch.Length);
            foreach (var e in batch) client.Events.Writer.TryWrite(e);
        });
        await connection.StartAsync();
        return client;
    }

    /// <summary>Waits until every streamed namespace is read and no re-read is pending.</summary>
    public async Task SettleAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        int settledInARow = 0;
        while (DateTime.UtcNow < until)
        {
            settledInARow = await Stream.IsSettledAsync() ? settledInARow + 1 : 0;
            if (settledInARow >= 3) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"the live stream did not settle in {timeout}: {Counters}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class HubClient(HubConnection connection) : IAsyncDisposable
{
    public HubConnection Connection { get; } = connection;
    public Channel<RouteEventDto> Events { get; } = Channel.CreateUnbounded<RouteEventDto>();
    internal int singleCalls;
    /// <summary>Notices that arrived one per call (RouteAdded, RouteRemoved, …).</summary>
    public int SingleCalls => Volatile.Read(ref singleCalls);
    /// <summary>How many notices each Notices message carried (lock it to read).</summary>
    public List<int> BatchSizes { get; } = [];

    /// <summary>The first notice that matches, or a failure naming what did arrive.</summary>
    public async Task<RouteEventDto> WaitForAsync(Func<RouteEventDto, bool> match, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var e = await Events.Reader.ReadAsync(cts.Token);
                if (match(e)) return e;
                if (seen.Count < 20) seen.Add($"{e.Kind} {e.NamespaceId} {e.Summary}");
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {what} within {timeout}; saw: {string.Join(" | ", seen)}");
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
