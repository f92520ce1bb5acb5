using Dashboard.Server.Audit;
using Dashboard.Server.Migration;
using Dashboard.Server.Routing;
using Dashboard.Server.State;
using Dashboard.Web.AutoRemediation;
using Dashboard.Web.Security;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Tests.AutoRemediation;

/// <summary>
/// The policy service as the app runs it (real ledger, real migration service with lock, journal and
/// audit in a temp state directory) over the in-code kernel, with real time and a short settle delay.
/// </summary>
public sealed class PolicyHarness : IAsyncDisposable
{
    public const string SecondPod = "cni-second";

    private readonly TempDirectory _state = new();
    private readonly AutoRemediationService _service;

    public PolicyHarness(AutoRemediationSettings settings, bool readOnly = false, bool secondPod = false)
    {
        if (secondPod)
        {
            var ns = SampleNode.PodNamespace with { Id = SecondPod, DisplayName = SecondPod, Path = "/run/netns/" + SecondPod, Inode = 4026532872,
                Pod = new PodRef("tenant-b", "backend-0", "9c1d") };
            Backend.Put(SampleNode.PodSnapshot() with { Namespace = ns });
        }
        Source = new InCodePolicySource(Backend);
        Audit = new FileAuditLog(_state.Path, NullLogger<FileAuditLog>.Instance);
        Migrations = new MigrationService(Backend, Backend, new MigrationOptions(), new StateLocations(_state.Path), Audit);
        Ledger = new PolicyLedger(settings, TimeProvider.System);
        _service = new AutoRemediationService(Ledger, Source, Migrations, Options.Create(new DashboardOptions { ReadOnly = readOnly }),
            TimeProvider.System, NullLogger<AutoRemediationService>.Instance);
    }

    public InCodeBackend Backend { get; } = SampleNode.Backend();
    public InCodePolicySource Source { get; }
    public FileAuditLog Audit { get; }
    public MigrationService Migrations { get; }
    public PolicyLedger Ledger { get; }

    public static AutoRemediationSettings On(Func<AutoRemediationSettings, AutoRemediationSettings>? edit = null)
    {
        var s = new AutoRemediationSettings { Enabled = true, Settle = TimeSpan.FromMilliseconds(300) };
        return edit?.Invoke(s) ?? s;
    }

    public async Task<PolicyHarness> StartAsync()
    {
        await _service.StartAsync(TestContext.Current.CancellationToken);
        return this;
    }

    public int Findings(string ns) => Doctor.Diagnose(Backend.Read(Backend.Find(ns)!)).Count;

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync() => (await Audit.ReadAsync(0, 100, TestContext.Current.CancellationToken)).Items;

    /// <summary>Waits (real time, generous for a loaded machine) until <paramref name="done"/> holds.</summary>
    public static async Task WaitForAsync(Func<bool> done, string what, double seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!done())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"waited {seconds} s for {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
        _state.Dispose();
    }
}
