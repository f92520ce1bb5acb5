using System.Text.Json.Nodes;
using Dashboard.Cni.Remediation;
using Dashboard.Cni.Spec;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Server.State;

namespace Dashboard.Cni;

/// <summary>
/// routedash-cni, one invocation: the CNI command from the environment, the configuration from stdin,
/// the answer on stdout (a result, nothing, or an error object with a non-zero exit code), notes for
/// the runtime's log on stderr. It never crashes: whatever goes wrong is a CNI error.
/// </summary>
public sealed class CniPlugin(INetlink netlink, MigrationOptions options, Func<string, PodRef?, NetNamespace> openNamespace)
{
    public const string Actor = "cni";

    /// <summary>The plugin on this node's kernel: real netlink, the fault-injection hooks from the environment.</summary>
    public static CniPlugin ForThisNode() =>
        new(KernelNetlink.Instance, MigrationOptions.FromEnvironment(), (path, pod) => NamespaceResolver.AtPath(path, pod));

    /// <returns>The process's exit code: 0, or 1 after an error object was printed.</returns>
    public async Task<int> RunAsync(Func<string, string?> environment, Func<byte[]> readStdin, Stream stdout, TextWriter stderr)
    {
        var version = CniVersion.Latest;
        try
        {
            var cni = CniEnvironment.From(environment);
            if (cni.Command == CniCommand.Version)
            {
                CniOutput.Version(stdout);
                return 0;
            }
            var stdin = Read(readStdin);
            if (cni.Command == CniCommand.Del) return Del(stdin, stderr);
            var config = PluginConfig.Parse(stdin);
            version = config.CniVersion;
            switch (cni.Command)
            {
                case CniCommand.Add:
                    await AddAsync(cni, config, stdout, stderr);
                    return 0;
                case CniCommand.Check:
                    Check(cni, config);
                    return 0;
                default:
                    StatusOrGc(cni.Command, config);
                    return 0;
            }
        }
        catch (CniException e)
        {
            return Fail(stdout, stderr, version, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail(stdout, stderr, version, new CniException(CniErrorCodes.Internal, $"routedash-cni: unexpected error: {e.Message}", e.GetType().Name));
        }
    }

    private async Task AddAsync(CniEnvironment cni, PluginConfig config, Stream stdout, TextWriter stderr)
    {
        var prev = config.PrevResult ?? throw new CniException(CniErrorCodes.InvalidNetworkConfig,
            "routedash-cni: no prevResult: it is a chained plugin and must come after vrf in the plugins list",
            "e.g. macvlan → vrf → routedash-cni (docs/cni.md)");
        var pod = CniArgs.Pod(cni.Args);
        var ns = Open(cni.Netns!, pod);
        if (config.Mode == RemediationMode.Fix)
        {
            // No change without lock, journal and audit: find out now, before anything is read or changed.
            try { StateCheck.EnsureUsable(config.State); }
            catch (StateDirectoryException e)
            {
                throw new CniException(CniErrorCodes.IoFailure, $"routedash-cni cannot fix routes without its state: {e.Path} is unusable; nothing was changed",
                    $"{e.Message}. Mount the node's {e.Path} into the process that runs CNI plugins (Multus thick mode: docs/cni.md), or set stateDirectory/auditDirectory, or use \"mode\": \"warn\"");
            }
        }
        var found = Inspect(ns, config);
        if (config.Mode == RemediationMode.Warn)
        {
            if (found.Wanted.Count > 0)
                stderr.WriteLine($"routedash-cni: warning (mode \"warn\", nothing changed) in {ns.Path}: {found.Describe(found.Wanted)}");
        }
        else
        {
            var caller = new Caller(Actor, pod?.ToString() ?? $"container {cni.ContainerId}", $"container {cni.ContainerId} {cni.IfName}");
            if (found.Fixable.Count > 0)
                await new PodRemediator(netlink, options, stderr).FixAsync(ns, config, caller, found);
            var unfixable = found.Wanted.Where(d => !d.Fixable).ToArray();
            if (unfixable.Length > 0)
                stderr.WriteLine($"routedash-cni: left alone (no automatic fix) in {ns.Path}: {found.Describe(unfixable)}");
        }
        CniOutput.Result(stdout, PrevResult.ForVersion(prev, config.CniVersion));
    }

    private void Check(CniEnvironment cni, PluginConfig config)
    {
        if (!CniVersion.AllowsCheck(config.CniVersion))
            throw new CniException(CniErrorCodes.IncompatibleVersion, $"CHECK needs cniVersion 0.4.0 or later; the configuration says {config.CniVersion}");
        if (config.PrevResult is null)
            throw new CniException(CniErrorCodes.InvalidNetworkConfig, "routedash-cni: CHECK needs the prevResult of the ADD");
        var ns = Open(cni.Netns!, CniArgs.Pod(cni.Args));
        var found = Inspect(ns, config);
        if (found.Wanted.Count > 0)
            throw new CniException(CniErrorCodes.FindingsPresent,
                $"routedash-cni: the pod's namespace has {found.Wanted.Count} finding(s) of the configured kinds", found.Describe(found.Wanted));
    }

    private static void StatusOrGc(CniCommand command, PluginConfig config)
    {
        if (!CniVersion.AllowsStatusAndGc(config.CniVersion))
            throw new CniException(CniErrorCodes.IncompatibleVersion,
                $"{command.ToString().ToUpperInvariant()} needs cniVersion 1.1.0; the configuration says {config.CniVersion}");
        // GC: the plugin keeps nothing per attachment (its journal records belong to namespaces and are
        // resolved by whoever locks the namespace next), so there is nothing stale to release.
        if (command != CniCommand.Status || config.Mode == RemediationMode.Warn) return;
        try { StateCheck.EnsureUsable(config.State); }
        catch (StateDirectoryException e)
        {
            throw new CniException(CniErrorCodes.PluginNotAvailable, $"routedash-cni cannot fix routes now: {e.Path} is unusable", e.Message);
        }
    }

    /// <summary>DEL changes nothing, so it always succeeds: a pod must stay deletable, whatever its configuration says.</summary>
    private static int Del(byte[] stdin, TextWriter stderr)
    {
        try { PluginConfig.Parse(stdin); }
        catch (CniException e) { stderr.WriteLine($"routedash-cni: DEL succeeds anyway (it changes nothing), but the configuration is wrong: {e.Message}"); }
        return 0;
    }

    private NetNamespace Open(string path, PodRef? pod)
    {
        try { return openNamespace(path, pod); }
        catch (NamespaceNotFoundException e) { throw new CniException(CniErrorCodes.UnknownContainer, $"routedash-cni: {e.Message}", "CNI_NETNS"); }
        catch (ArgumentException e) { throw new CniException(CniErrorCodes.InvalidEnvironment, $"routedash-cni: CNI_NETNS: {e.Message}"); }
        catch (UnauthorizedAccessException e) { throw new CniException(CniErrorCodes.IoFailure, $"routedash-cni: {e.Message}"); }
    }

    private PodFindings Inspect(NetNamespace ns, PluginConfig config)
    {
        try { return PodFindings.Of(netlink.Read(ns), config.Kinds); }
        catch (NamespaceNotFoundException e) { throw new CniException(CniErrorCodes.UnknownContainer, $"routedash-cni: {e.Message}", "CNI_NETNS"); }
        catch (NetlinkException e) { throw new CniException(CniErrorCodes.Internal, $"routedash-cni: reading the pod's routes failed: {e.Message}"); }
    }

    private static byte[] Read(Func<byte[]> readStdin)
    {
        try { return readStdin(); }
        catch (IOException e) { throw new CniException(CniErrorCodes.IoFailure, "routedash-cni: reading the configuration from stdin failed", e.Message); }
    }

    private static int Fail(Stream stdout, TextWriter stderr, string version, CniException e)
    {
        CniOutput.Error(stdout, e.CniVersion ?? version, e);
        // The runtime shows the error object; the line on stderr is for its log when it does not.
        stderr.WriteLine($"routedash-cni: error {e.Code}: {e.Message}{(e.Details is null ? "" : $" ({e.Details})")}");
        return 1;
    }
}
