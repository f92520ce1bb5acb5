using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Dashboard.Server.Contracts;
using Dashboard.Server.Events;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;

namespace Dashboard.Cli.Commands;

/// <summary>
/// routedash watch [--netns NAME | --netns-path PATH | --pid PID | --all] [--json]: the live stream,
/// printed the way `ip -ts monitor` prints it. Ctrl+C (or SIGTERM) ends it with exit code 0.
/// </summary>
public static class WatchCommand
{
    public static Command Create()
    {
        var ns = new NamespaceOptions();
        var all = new Option<bool>("--all") { Description = "Every namespace of the node, including ones created later" };
        var json = new Option<bool>("--json") { Description = "One JSON object per notice and line" };
        var command = new Command("watch", "Print route, link, address and finding changes as they happen, like ip monitor") { all, json };
        ns.AddTo(command);
        command.SetAction(p => CliRunner.Guard(() =>
        {
            bool everything = p.GetValue(all);
            if (everything && (p.GetValue(ns.Netns) is not null || p.GetValue(ns.NetnsPath) is not null || p.GetValue(ns.Pid) is not null))
                throw new UsageException("--all excludes --netns, --netns-path and --pid");
            var options = new EventsOptions();
            var bus = new LiveEventBus(options, new EventCounters());
            using var stream = everything
                ? new LiveStream(new NamespaceCatalog(), KernelNetlink.Instance, bus, options)
                : new LiveStream([ns.Resolve(p)], KernelNetlink.Instance, bus, options);
            using var subscription = bus.Open(namespaceId: null, capacity: 100_000);
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; stop.Cancel(); };
            Console.CancelKeyPress += onCtrlC;
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            try
            {
                stream.Start();
                Print(subscription, everything, p.GetValue(json), stop.Token);
            }
            finally { Console.CancelKeyPress -= onCtrlC; }
            return CliRunner.Ok;
        }));
        return command;
    }

    private static void Print(LiveSubscription subscription, bool withNamespace, bool json, CancellationToken stop)
    {
        using var w = Output.Text();
        try
        {
            while (subscription.Reader.WaitToReadAsync(stop).AsTask().GetAwaiter().GetResult())
            {
                while (subscription.Reader.TryRead(out var e))
                {
                    if (json) w.WriteLine(JsonSerializer.Serialize(RouteEventDto.From(e), DashboardJson.Default.RouteEventDto));
                    else w.WriteLine(Line(e, withNamespace));
                }
                w.Flush();
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>"[2025-11-26T04:11:50.123456] Deleted 10.0.0.0/24 via … dev eth0 table 100", as ip -ts monitor.</summary>
    public static string Line(LiveEvent e, bool withNamespace)
    {
        var n = e.Notice;
        var stamp = n.Timestamp.ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);
        var where = withNamespace ? $"[{n.NamespaceId}] " : "";
        var what = n.Kind switch
        {
            RouteChangeKind.RouteAdded or RouteChangeKind.RouteChanged or RouteChangeKind.LinkChanged or RouteChangeKind.AddressChanged
                or RouteChangeKind.RuleAdded => n.Summary,
            RouteChangeKind.RouteRemoved or RouteChangeKind.RuleRemoved => "Deleted " + n.Summary,
            RouteChangeKind.FindingOpened => $"finding opened: {n.Summary}",
            RouteChangeKind.FindingResolved => $"finding resolved: {n.Summary}",
            RouteChangeKind.Resynced => $"resynced: {n.Summary}",
            _ => n.Summary,
        };
        return $"[{stamp}] {where}{what}";
    }
}
