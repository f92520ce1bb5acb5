using Dashboard.Server.Audit;
using Dashboard.Server.Contracts;
using Dashboard.Server.Migration;

namespace Dashboard.Web.Metrics;

/// <summary>
/// Counts the node's audit trail into routedash_route_changes_total and routedash_migrations_total
/// at scrape time. The trail is the one record every process that changes routes writes (dashboard,
/// CLI, CNI plugin, auto-remediation policy), so reading it counts all of them, not only this
/// process's clicks. Each scrape reads only what was appended since the last one (newest first, down
/// to the record seen last); the first scrape counts the whole trail, so the totals survive restarts.
/// </summary>
public sealed class AuditTrailMetrics(DashboardMetrics series, IAuditLog log, ILogger<AuditTrailMetrics> logger)
{
    public static readonly IReadOnlyList<string> Actions = ["migration", "recovery"];
    public static readonly IReadOnlyList<string> Actors = ["dashboard", "cli", "cni", "policy"];
    /// <summary>Distinct outcome label values allowed before the rest are counted as "other".</summary>
    public const int MaxOutcomes = 24;
    private const int RecentPage = 64;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _outcomes = new(Enum.GetValues<MigrationOutcome>().Select(MigrationResultDto.OutcomeName), StringComparer.Ordinal);
    private string? _newestSeen;
    private bool _read;

    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await CountNewAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The counters keep their totals and catch up once the trail can be read again.
            logger.LogWarning("Audit trail metrics: cannot read the audit trail: {Error}", e.Message);
        }
        finally { _gate.Release(); }
    }

    private async Task CountNewAsync(CancellationToken cancellationToken)
    {
        var recent = await log.ReadAsync(0, RecentPage, cancellationToken);
        if (recent.Items.Count == 0) return;
        var page = recent;
        // Usually the record seen last is among the newest few; otherwise (first scrape, a burst,
        // a rotated file) read the whole trail once.
        if (!_read || (recent.HasMore && !recent.Items.Any(r => r.Id == _newestSeen)))
            page = await log.ReadAsync(0, int.MaxValue, cancellationToken);
        foreach (var record in page.Items)
        {
            if (_read && record.Id == _newestSeen) break;
            Count(record);
        }
        _newestSeen = page.Items[0].Id;
        _read = true;
    }

    private void Count(AuditRecord record)
    {
        var action = Actions.Contains(record.Action) ? record.Action : "other";
        var actor = Actors.Contains(record.Actor) ? record.Actor : "other";
        series.RouteChanges.WithLabels(action, actor, Outcome(record.Outcome)).Inc();
        if (record.Action == "migration" && MigrationOutcomeOf(record.Outcome) is { } outcome)
            series.Migrations.WithLabels(outcome.ToString()).Inc();
    }

    // Outcomes are kebab-case words the writers choose (recoveries may add their own): kept while the set stays small.
    private string Outcome(string outcome)
    {
        bool wellFormed = outcome.Length is > 0 and <= 32 && outcome.All(c => c is (>= 'a' and <= 'z') or '-');
        if (!wellFormed) return "other";
        if (_outcomes.Contains(outcome)) return outcome;
        if (_outcomes.Count >= MaxOutcomes) return "other";
        _outcomes.Add(outcome);
        return outcome;
    }

    private static MigrationOutcome? MigrationOutcomeOf(string kebab) =>
        Enum.GetValues<MigrationOutcome>().Cast<MigrationOutcome?>().FirstOrDefault(o => MigrationResultDto.OutcomeName(o!.Value) == kebab);
}
