using Dashboard.Server.Analysis;
using Dashboard.Cni.Spec;
using Dashboard.Server.Audit;
using Dashboard.Server.Contracts;
using Dashboard.Server.Migration;
using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Dashboard.Server.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Cni.Remediation;

/// <summary>
/// A fixing ADD: the fixable findings of the configured kinds, applied one at a time through the
/// product's <see cref="MigrationService"/> (namespace lock, journal recovery, fresh plan, compare-and-
/// swap, verify, roll back, audit record with actor "cni"), then a verifying read. The first fix that
/// is not applied ends the ADD with a CNI error naming the route and the kernel's words.
/// </summary>
internal sealed class PodRemediator(INetlink netlink, MigrationOptions options, TextWriter log)
{
    /// <summary>Fixes re-plan after each one (a fix can change what the next needs); this many rounds is plenty for a pod.</summary>
    private const int MaxRounds = 16;

    public async Task<IReadOnlyList<MigrationResult>> FixAsync(NetNamespace ns, PluginConfig config, Caller caller, PodFindings found)
    {
        var state = config.State;
        var service = new MigrationService(new PodNamespaceCatalog(ns), netlink, options, state,
            new FileAuditLog(state.Audit, NullLogger<FileAuditLog>.Instance));
        var results = new List<MigrationResult>();
        for (int round = 0; round < MaxRounds && found.Fixable.Count > 0; round++)
        {
            var next = found.Fixable[0];
            MigrationResult result;
            try { result = await service.MigrateAsync(caller, ns.Id, next.Id, dryRun: false); }
            catch (KeyNotFoundException)
            {
                // The route changed between our read and the service's read under the lock: read again.
                found = PodFindings.Of(netlink.Read(ns), config.Kinds);
                continue;
            }
            catch (TimeoutException e)
            {
                throw new CniException(CniErrorCodes.TryAgainLater, "routedash-cni: another process is changing this pod's routes; nothing was changed", e.Message);
            }
            results.Add(result);
            if (result.AuditError is not null)
                log.WriteLine($"routedash-cni: warning: {result.AuditError}");
            if (!MigrationResultDto.Succeeded(result.Outcome))
                throw NotApplied(result, next, found.Snapshot.Topology);
            log.WriteLine($"routedash-cni: {MigrationResultDto.OutcomeName(result.Outcome)} {FindingKinds.Name(next.Finding.Kind)} {next.Id} in {ns.Path}: {result.Message}");
            found = PodFindings.Of(netlink.Read(ns), config.Kinds);
        }
        if (found.Fixable.Count > 0)
            throw new CniException(CniErrorCodes.FindingsPresent,
                "routedash-cni: findings remain after fixing; the pod would start with broken routing",
                found.Describe(found.Fixable));
        return results;
    }

    private static CniException NotApplied(MigrationResult result, Diagnosis finding, VrfTopology names)
    {
        var outcome = MigrationResultDto.OutcomeName(result.Outcome);
        var route = finding.Finding.Subject(names);
        var msg = result.Outcome == MigrationOutcome.Failed
            ? $"routedash-cni: moving {route} into its VRF failed and the original route could not be restored; check the pod's routes"
            : $"routedash-cni: {route} could not be moved into its VRF ({outcome}); the pod's routes are as they were";
        var details = $"route: {route}; finding {finding.Id}; outcome: {outcome}; {result.Message}"
            + (result.KernelError is { } k ? $"; kernel: {k}" : "");
        return new CniException(CniErrorCodes.FixNotApplied, msg, details);
    }
}
