using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dashboard.Cni.Tests.Support;

namespace Dashboard.Cni.Tests.Native;

/// <summary>
/// The published native routedash-cni as a runtime runs it, on this host's kernel (no VRF here: a
/// pod-like namespace with eth0 and a macvlan net1 and nothing to fix): it answers per the spec, starts
/// fast enough to sit in every pod's ADD, and runs on the node's own C library. Alone in its collection:
/// the timing test counts the CPU time of this process's children, which no other test may add to.
/// </summary>
[Collection(nameof(NativePluginTests))]
public sealed partial class NativePluginTests(ITestOutputHelper output)
{
    private static string Plugin => PublishedNative.RoutedashCni.Executable;

    private static (int ExitCode, string Stdout, string Stderr, TimeSpan Took, TimeSpan Cpu) Run(string file, IReadOnlyDictionary<string, string> env, string stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var cpu = ChildCpu.Total();
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(30_000), $"{file} did not finish in 30 s");
        var took = clock.Elapsed;
        return (p.ExitCode, stdout.Result, stderr.Result, took, ChildCpu.Total() - cpu);
    }

    private static Dictionary<string, string> Env(string command, string netns) => new()
    {
        ["CNI_COMMAND"] = command, ["CNI_CONTAINERID"] = "c0ffee01", ["CNI_NETNS"] = netns, ["CNI_IFNAME"] = "net1",
        ["CNI_PATH"] = "/usr/lib/cni", ["CNI_ARGS"] = "K8S_POD_NAMESPACE=default;K8S_POD_NAME=native-test",
    };

    /// <summary>A pod's namespace as the primary CNI and macvlan leave it: eth0 with both families' defaults, net1 a macvlan on it.</summary>
    private static TestNamespace PodLike()
    {
        var ns = new TestNamespace("cni");
        ns.AddVeth("eth0", "host0");
        ns.IpBatch([
            "addr add 10.244.0.7/24 dev eth0",
            "addr add 2001:db8::7/64 dev eth0 nodad",
            "route add default via 10.244.0.1 dev eth0",
            "route add default via 2001:db8::1 dev eth0",
            "link add net1 link eth0 type macvlan mode bridge",
            "addr add 2001:db8:1::7/64 dev net1 nodad",
            "link set net1 up",
            "route add 2001:db8:99::/64 via 2001:db8:1::1 dev net1",
        ]);
        return ns;
    }

    /// <summary>
    /// Median of 15 ADDs, reported beside /bin/true and `ip route show table all` measured in the same run
    /// and the load average (issue 11's target: 50 ms on the host; docs/benchmarks.md has the figures). Not
    /// asserted: on a machine shared with other builds the wall time is mostly the queue for a core (at
    /// load 25 on 2 cores: 25 ms CPU, 296 ms wall; `ip`: 13 ms CPU, 59 ms wall).
    /// </summary>
    [Fact]
    public void ADD_on_a_pod_like_namespace_prints_prevResult_and_reports_its_time()
    {
        using var ns = PodLike();
        using var state = new TempDirectory();
        var config = Configs.Of("1.0.0", state.Path);
        var env = Env("ADD", ns.Path);

        var first = Run(Plugin, env, config);
        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}: {first.Stdout} {first.Stderr}");
        Assert.True(JsonNode.DeepEquals(Configs.PrevResult100(), JsonNode.Parse(first.Stdout)), first.Stdout);

        var (addWall, addCpu) = Medians(15, () => Run(Plugin, env, config));
        var (trueWall, trueCpu) = Medians(15, () => Run("/bin/true", new Dictionary<string, string>(), ""));
        var (ipWall, ipCpu) = Medians(15, () => Run("ip", new Dictionary<string, string>(), "", "-n", ns.Name, "route", "show", "table", "all"));
        var report = $"routedash-cni ADD on the host, median of 15: {Ms(addWall)} wall, {Ms(addCpu)} CPU; /bin/true {Ms(trueWall)} wall, {Ms(trueCpu)} CPU; " +
            $"ip route show table all {Ms(ipWall)} wall, {Ms(ipCpu)} CPU; load average {File.ReadAllText("/proc/loadavg").Trim()}";
        output.WriteLine(report);
        TestContext.Current.SendDiagnosticMessage(report);
    }

    [Fact]
    public void A_namespace_that_is_gone_fails_ADD_with_3_and_DEL_still_succeeds()
    {
        string path;
        using (var ns = PodLike()) path = ns.Path;
        using var state = new TempDirectory();

        var add = Run(Plugin, Env("ADD", path), Configs.Of("1.0.0", state.Path));
        Assert.NotEqual(0, add.ExitCode);
        var error = JsonDocument.Parse(add.Stdout).RootElement;
        Assert.Equal(3, error.GetProperty("code").GetInt32());

        var del = Run(Plugin, Env("DEL", path), Configs.Of("1.0.0", state.Path));
        Assert.True(del.ExitCode == 0, del.Stdout + del.Stderr);
        Assert.Equal("", del.Stdout);
    }

    [Fact]
    public void VERSION_answers_from_the_native_binary()
    {
        var r = Run(Plugin, new Dictionary<string, string> { ["CNI_COMMAND"] = "VERSION" }, "");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}", r.Stdout.Trim());
    }

    /// <summary>docs/cni.md's promise: "routedash-cni needs glibc X.Y or newer".</summary>
    private static Version DocumentedGlibc()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "cni.md"));
        var matches = DocumentedGlibcPattern().Matches(doc);
        Assert.True(matches.Count == 1, $"docs/cni.md should state once that routedash-cni \"needs glibc X.Y or newer\"; it does {matches.Count} times");
        return Version.Parse(matches[0].Groups[1].Value);
    }

    [GeneratedRegex(@"routedash-cni needs glibc (\d+\.\d+) or newer")]
    private static partial Regex DocumentedGlibcPattern();

    [GeneratedRegex(@"\(GLIBC_(\d+(?:\.\d+)+)\)")]
    private static partial Regex GlibcSymbolVersion();

    [Fact]
    public void Needs_no_newer_glibc_than_the_docs_state_and_no_library_beyond_glibc()
    {
        // The command docs/cni.md gives operators, so both read the same thing.
        var symbols = Shell.Check("objdump", "-T", Plugin);
        var versions = GlibcSymbolVersion().Matches(symbols).Select(m => Version.Parse(m.Groups[1].Value)).Distinct().Order().ToList();
        Assert.NotEmpty(versions);
        var needed = versions[^1];
        var documented = DocumentedGlibc();
        Assert.True(needed <= documented, $"routedash-cni needs GLIBC_{needed}; docs/cni.md promises glibc {documented}: " +
            string.Join("; ", symbols.Split('\n').Where(l => l.Contains($"(GLIBC_{needed})", StringComparison.Ordinal)).Take(5).Select(l => l.Trim())));

        string[] glibc = ["libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"];
        var needs = Shell.Check("objdump", "-p", Plugin).Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith("NEEDED ", StringComparison.Ordinal)).Select(l => l["NEEDED ".Length..].Trim()).ToList();
        Assert.Contains("libc.so.6", needs);
        Assert.All(needs, lib => Assert.True(glibc.Contains(lib), $"routedash-cni needs {lib}, which a node need not have (NEEDED: {string.Join(", ", needs)})"));
    }

    private static (TimeSpan Wall, TimeSpan Cpu) Medians(int n, Func<(int ExitCode, string Stdout, string Stderr, TimeSpan Took, TimeSpan Cpu)> sample)
    {
        var runs = Enumerable.Range(0, n).Select(_ => sample()).ToArray();
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr));
        return (runs.Select(r => r.Took).Order().ElementAt(n / 2), runs.Select(r => r.Cpu).Order().ElementAt(n / 2));
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F1} ms";
}

[CollectionDefinition(nameof(NativePluginTests), DisableParallelization = true)]
public sealed class NativePluginCollection;
