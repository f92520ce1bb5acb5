using System.Text;
using System.Text.Json;
using Dashboard.Cni;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Web.Tests.Support;

namespace Dashboard.Cni.Tests.Support;

/// <summary>What one invocation of the plugin printed and returned.</summary>
public sealed record PluginResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json()
    {
        using var doc = JsonDocument.Parse(Stdout);
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts the spec's error object (one JSON object: cniVersion, code, msg) and a non-zero exit; returns it.</summary>
    public JsonElement Error(int code)
    {
        Assert.True(ExitCode != 0, $"expected CNI error {code}, got exit 0 with: {Stdout}");
        var e = Json();
        Assert.True(e.TryGetProperty("code", out var c) && c.GetInt32() == code, $"expected code {code}:\n{Stdout}\n{Stderr}");
        Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("msg").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("cniVersion").GetString()));
        return e;
    }

    public PluginResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}:\n{Stdout}\n{Stderr}");
        return this;
    }

    public string Msg => Json().GetProperty("msg").GetString()!;
    public string Details => Json().TryGetProperty("details", out var d) ? d.GetString() ?? "" : "";
}

/// <summary>
/// Runs the plugin in this process as a runtime runs it: CNI_* variables, the configuration on stdin.
/// Namespace paths lead into the in-code kernel: "/run/netns/NAME" opens the stored namespace NAME.
/// </summary>
public sealed class PluginRun(INetlink netlink, INamespaceCatalog namespaces, MigrationOptions? options = null)
{
    public PluginRun(InCodeBackend backend, MigrationOptions? options = null) : this(backend, backend, options) { }

    public static readonly IReadOnlyDictionary<string, string> AddEnvironment = new Dictionary<string, string>
    {
        ["CNI_COMMAND"] = "ADD",
        ["CNI_CONTAINERID"] = "3f6940ab5ab4",
        ["CNI_NETNS"] = "/run/netns/" + SampleNode.PodNs,
        ["CNI_IFNAME"] = "net1",
        ["CNI_PATH"] = "/opt/cni/bin",
        ["CNI_ARGS"] = "IgnoreUnknown=1;K8S_POD_NAMESPACE=tenant-a;K8S_POD_NAME=frontend-0",
    };

    public async Task<PluginResult> RunAsync(string command, string? stdin, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var env = AddEnvironment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        env["CNI_COMMAND"] = command;
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) env[k] = v;
        var plugin = new CniPlugin(netlink, options ?? new MigrationOptions(), Open);
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        int code = await plugin.RunAsync(name => env.GetValueOrDefault(name), () => Encoding.UTF8.GetBytes(stdin ?? ""), stdout, stderr);
        return new PluginResult(code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private NetNamespace Open(string path, PodRef? pod)
    {
        const string prefix = "/run/netns/";
        var ns = path.StartsWith(prefix, StringComparison.Ordinal) ? namespaces.Find(path[prefix.Length..]) : null;
        return (ns ?? throw new NamespaceNotFoundException($"network namespace path {path} does not exist")) with { Path = path, Pod = pod };
    }
}
