using Dashboard.Integration.Tests.Support;
using Dashboard.Server.Events;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Integration.Tests.Events;

/// <summary>Namespaces come and go: each is picked up, streamed, and closed without leaking fds or threads.</summary>
[Collection(AloneCollection.Name)]
public class NamespaceChurnTests
{
    private const int Count = 200;

    [Fact]
    public async Task Creating_and_deleting_200_namespaces_returns_fds_and_threads_to_baseline()
    {
        await using var host = await HubHost.StartAsync(new EventsOptions());
        await using var client = await host.ConnectAsync();
        await client.Connection.InvokeAsync("SubscribeAll", TestContext.Current.CancellationToken);
        await host.SettleAsync(TimeSpan.FromSeconds(30));
        // Starting the first child process maps System.Diagnostics.Process and opens the runtime's
        // SIGCHLD pipe for good: do it before the baseline so only our own fds are compared.
        Shell.Run("ip", "netns", "list");
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var prefix = $"rdt-churn-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..4]}-";
        var fdKindsBase = FdKinds();
        int fdBase = Fds(), threadBase = Threads(), watchedBase = host.Stream.Watched.Count;
        // Other test runs on this machine create namespaces too: each streamed one holds one socket, so
        // fd figures are compared after taking the change in the streamed set into account.
        int Others() => host.Stream.Watched.Count(id => !id.StartsWith(prefix, StringComparison.Ordinal)) - watchedBase;

        var names = Enumerable.Range(0, Count).Select(i => prefix + i).ToArray();
        try
        {
            Batch(names.Select(n => $"netns add {n}"));
            await WaitUntil(() => names.All(host.Stream.Watched.Contains), TimeSpan.FromSeconds(20), "all 200 namespaces streamed");
            await host.SettleAsync(TimeSpan.FromSeconds(30));
            // One socket per namespace: a namespace is listed as streamed before its socket is open
            // (that happens on the thread pool), so wait for the sockets rather than sample once. The
            // baseline may still hold a few passing fds (a pooled HTTP connection closing later), so
            // this wait is loose; the exact check compares the peak with the count after the deletes.
            await WaitUntil(() => Fds() - Others() >= fdBase + Count - 20, TimeSpan.FromSeconds(30),
                $"a socket per namespace: fds {fdBase} → {Fds()} ({Others()} other namespaces): {FdKinds()}");
            await Task.Delay(500, TestContext.Current.CancellationToken);
            int fdPeak = Fds() - Others(), threadPeak = Threads();
            TestContext.Current.TestOutputHelper?.WriteLine($"at peak: {FdKinds()}");
            // No thread per namespace.
            Assert.True(threadPeak < threadBase + 40, $"threads {threadBase} → {threadPeak} with {Count} namespaces streamed");

            Batch(names.Select(n => $"netns del {n}"));
            await WaitUntil(() => !names.Any(host.Stream.Watched.Contains), TimeSpan.FromSeconds(20), "all 200 namespaces closed");
            var removed = await CountAsync(client, e => e.Kind == "NamespaceRemoved" && e.NamespaceId.StartsWith(prefix, StringComparison.Ordinal), Count);
            Assert.Equal(Count, removed);

            // Sockets are closed at once. Threads: the runtime's pool grows while dumps block in recv and
            // retires idle workers only after some seconds, so a few extra pool threads may remain.
            await WaitUntil(() => Fds() - Others() <= fdBase + 2, TimeSpan.FromSeconds(10), $"fds back to {fdBase} (now {Fds()}, {Others()} other namespaces): before {fdKindsBase}, now {FdKinds()}");
            int fdAfter = Fds() - Others();
            Assert.True(fdPeak - fdAfter >= Count - 4, $"a socket per namespace: {fdPeak - fdAfter} fds closed with {Count} namespaces (base {fdBase}, peak {fdPeak}, after {fdAfter})");
            await WaitUntil(() => Threads() <= threadBase + 8, TimeSpan.FromSeconds(30), $"threads back to {threadBase} (now {Threads()})");
            TestContext.Current.TestOutputHelper?.WriteLine($"fds {fdBase} → {fdPeak} → {Fds()}, threads {threadBase} → {threadPeak} → {Threads()}; {host.Counters}");
        }
        finally
        {
            foreach (var n in names) Shell.Run("ip", "netns", "del", n);
        }
    }

    private static void Batch(IEnumerable<string> lines)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, lines);
            Shell.Run("ip", "-batch", file);
        }
        finally { File.Delete(file); }
    }

    private static async Task<int> CountAsync(HubClient client, Func<Dashboard.Server.Contracts.RouteEventDto, bool> match, int want)
    {
        int n = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (n < want)
                if (match(await client.Events.Reader.ReadAsync(cts.Token))) n++;
        }
        catch (OperationCanceledException) { }
        return n;
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"{what}: not within {timeout}");
            await Task.Delay(100);
        }
    }

    private static string FdKinds() => string.Join(", ", Directory.GetFiles("/proc/self/fd")
        .Select(f => { try { var t = new FileInfo(f).LinkTarget ?? "?"; return t.StartsWith('/') ? t : t.Split(':')[0]; } catch (IOException) { return "gone"; } })
        .Where(k => !k.EndsWith(".dll", StringComparison.Ordinal)).GroupBy(k => k).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));

    /// <summary>
    /// Open fds once the finalizers have run: earlier tests in this process leave pipes of finished child
    /// processes to the finalizer, and their closing mid-test (32 of them in one run) must not look like sockets closing.
    /// </summary>
    private static int Fds()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Directory.GetFiles("/proc/self/fd").Length;
    }

    private static int Threads() => Directory.GetDirectories("/proc/self/task").Length;
}
