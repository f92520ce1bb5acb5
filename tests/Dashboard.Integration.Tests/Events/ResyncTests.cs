using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Events;
using Dashboard.Server.Routing;

namespace Dashboard.Integration.Tests.Events;

/// <summary>Never silently out of date: lost notices end in a re-read and a model equal to the kernel's.</summary>
[Collection(AloneCollection.Name)]
public class ResyncTests
{
    [Fact]
    public async Task Overflowing_a_4KiB_receive_buffer_resyncs_and_ends_equal_to_ip_json()
    {
        using var ns = new TestNamespace("ovf");
        ns.AddVeth();
        ns.Ip("addr", "add", "10.30.0.2/16", "dev", "eth0");
        ns.Ip("-6", "addr", "add", "2001:db8:30::2/64", "dev", "eth0", "nodad");
        await using var host = await HubHost.StartAsync(new EventsOptions { ReceiveBufferBytes = 4096, OnlyNamespaces = [ns.Name] });
        await host.SettleAsync(TimeSpan.FromSeconds(10));
        using var resynced = host.Stream.Bus.Open(ns.Name, capacity: 1_000_000);

        // Thousands of changes in one burst: adds in two tables, replaces, deletes, IPv6 multipath appends.
        var lines = new List<string>();
        for (int i = 0; i < 4000; i++) lines.Add($"route add 172.{16 + i / 250 % 16}.{i % 250}.0/24 via 10.30.0.1 dev eth0 table {100 + i % 3}");
        for (int i = 0; i < 4000; i += 2) lines.Add($"route replace 172.{16 + i / 250 % 16}.{i % 250}.0/24 via 10.30.0.{2 + i % 200} dev eth0 table {100 + i % 3}");
        for (int i = 0; i < 4000; i += 3) lines.Add($"route del 172.{16 + i / 250 % 16}.{i % 250}.0/24 table {100 + i % 3}");
        for (int i = 0; i < 500; i++)
        {
            lines.Add($"route add 2001:db8:{i:x}::/64 via 2001:db8:30::1 dev eth0");
            lines.Add($"route append 2001:db8:{i:x}::/64 via 2001:db8:30::9 dev eth0");
            if (i % 2 == 0) lines.Add($"route del 2001:db8:{i:x}::/64 via 2001:db8:30::1 dev eth0");
        }
        ns.IpBatch(lines);
        await host.SettleAsync(TimeSpan.FromSeconds(30));

        Assert.True(host.Counters.Overruns > 0, $"the burst did not overflow the 4 KiB buffer: {host.Counters}");
        Assert.True(host.Counters.Resyncs > 0, host.Counters.ToString());
        Assert.Contains(Drain(resynced), e => e.Notice.Kind == RouteChangeKind.Resynced && e.Notice.NamespaceId == ns.Name);
        await LiveModelAssert.EqualsIpJson(host.Stream, ns);
        TestContext.Current.TestOutputHelper?.WriteLine($"{lines.Count} changes: {host.Counters}");
    }

    [Fact]
    public async Task Without_overflow_every_change_is_applied_from_notices_alone()
    {
        using var ns = new TestNamespace("noovf");
        ns.AddVeth();
        ns.Ip("addr", "add", "10.31.0.2/16", "dev", "eth0");
        ns.Ip("-6", "addr", "add", "2001:db8:31::2/64", "dev", "eth0", "nodad");
        await using var host = await HubHost.StartAsync(new EventsOptions { OnlyNamespaces = [ns.Name] });
        await host.SettleAsync(TimeSpan.FromSeconds(10));

        var lines = new List<string>();
        for (int i = 0; i < 300; i++) lines.Add($"route add 172.{20 + i / 250}.{i % 250}.0/24 via 10.31.0.1 dev eth0 table {100 + i % 2}");
        for (int i = 0; i < 300; i += 2) lines.Add($"route replace 172.{20 + i / 250}.{i % 250}.0/24 via 10.31.0.7 dev eth0 table {100 + i % 2}");
        for (int i = 0; i < 300; i += 5) lines.Add($"route append 172.{20 + i / 250}.{i % 250}.0/24 via 10.31.0.8 dev eth0 table {100 + i % 2}");
        for (int i = 0; i < 300; i += 3) lines.Add($"route del 172.{20 + i / 250}.{i % 250}.0/24 table {100 + i % 2}");
        for (int i = 0; i < 100; i++)
        {
            lines.Add($"route add 2001:db8:{i:x}::/64 via 2001:db8:31::1 dev eth0 table 200");
            lines.Add($"route append 2001:db8:{i:x}::/64 via 2001:db8:31::9 dev eth0 table 200");
            lines.Add($"route append 2001:db8:{i:x}::/64 via 2001:db8:31::a dev eth0 table 200");
            if (i % 2 == 0) lines.Add($"route del 2001:db8:{i:x}::/64 via 2001:db8:31::1 dev eth0 table 200");
            if (i % 4 == 0) lines.Add($"route del 2001:db8:{i:x}::/64 via 2001:db8:31::9 dev eth0 table 200");
        }
        ns.IpBatch(lines);
        await host.SettleAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, host.Counters.Overruns);
        Assert.Equal(0, host.Counters.Resyncs);
        Assert.Equal(0, host.Counters.Refreshes); // routes only: no re-read may paper over a wrong update
        await LiveModelAssert.EqualsIpJson(host.Stream, ns);
    }

    [Fact]
    public async Task Links_and_addresses_changed_while_notices_were_lost_are_announced_by_the_resync()
    {
        using var ns = new TestNamespace("ovfaddr");
        ns.AddVeth();
        ns.Ip("addr", "add", "10.32.0.2/16", "dev", "eth0");
        await using var host = await HubHost.StartAsync(new EventsOptions { ReceiveBufferBytes = 4096, OnlyNamespaces = [ns.Name] });
        await host.SettleAsync(TimeSpan.FromSeconds(10));
        using var events = host.Stream.Bus.Open(ns.Name, capacity: 1_000_000);

        // The link and address changes sit in the middle of a burst that overflows the 4 KiB buffer: their
        // notices are dropped, or read while the loop waits for the queue to drain before it re-reads.
        // Only the re-read can tell clients about them.
        var lines = new List<string>();
        // 8,000 route changes on each side: as in the ENOBUFS test above, more than a 4 KiB queue survives
        // even when the loop gets its core (3,000 were kept up with once).
        for (int i = 0; i < 8000; i++) lines.Add($"route add 172.{16 + i / 250 % 64}.{i % 250}.0/24 via 10.32.0.1 dev eth0 table 100");
        lines.AddRange(["link add br0 type bridge", "addr add 10.33.0.1/24 dev eth0", "addr del 10.32.0.2/16 dev eth0"]);
        for (int i = 0; i < 8000; i++) lines.Add($"route add 172.{16 + i / 250 % 64}.{i % 250}.0/24 dev eth0 table 101");
        ns.IpBatch(lines);
        await host.SettleAsync(TimeSpan.FromSeconds(30));

        Assert.True(host.Counters.Overruns > 0, $"the burst did not overflow the 4 KiB buffer: {host.Counters}");
        var seen = Drain(events).Where(e => e.Notice.Kind is RouteChangeKind.LinkChanged or RouteChangeKind.AddressChanged).ToList();
        var said = $"link and address notices: {string.Join(" | ", seen.Select(e => e.Notice.Summary))}; {host.Counters}";
        Assert.True(seen.Any(e => e.Link?.Name == "br0" && !e.Removed), said);
        Assert.True(seen.Any(e => e.Address?.Prefix == IpPrefix.Parse("10.33.0.1/24") && !e.Removed), said);
        Assert.True(seen.Any(e => e.Address?.Prefix == IpPrefix.Parse("10.32.0.2/16") && e.Removed), said);
        await LiveModelAssert.EqualsIpJson(host.Stream, ns);
    }

    private static List<LiveEvent> Drain(LiveSubscription s)
    {
        var list = new List<LiveEvent>();
        while (s.Reader.TryRead(out var e)) list.Add(e);
        return list;
    }
}
