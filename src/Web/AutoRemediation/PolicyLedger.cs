using System.Threading.Channels;

namespace Dashboard.Web.AutoRemediation;

/// <summary>
/// What the auto-remediation policy did and where it stopped: the recent actions (newest first), each
/// namespace's consecutive failures, and its circuit breaker. Shared by the policy (which writes),
/// the pages, the API and the hub (which read), and the reset (which clears a breaker and asks the
/// policy to look at that namespace again).
/// </summary>
public sealed class PolicyLedger(AutoRemediationSettings settings, TimeProvider time)
{
    public const int Kept = 100;

    private readonly Lock _gate = new();
    private readonly LinkedList<PolicyAction> _recent = new();
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoppedNamespace> _stopped = new(StringComparer.Ordinal);
    private readonly Channel<string> _kicks = Channel.CreateUnbounded<string>();
    private string _state = settings.Enabled ? "starting" : "off: Dashboard__AutoRemediation__Enabled is not true";
    private bool _active;

    public AutoRemediationSettings Settings => settings;

    /// <summary>Raised after every recorded action (on the recording thread).</summary>
    public event Action<PolicyAction>? Changed;

    /// <summary>Namespaces the policy should look at again (an operator reset their breaker).</summary>
    internal ChannelReader<string> Kicks => _kicks.Reader;

    public bool Active { get { lock (_gate) return _active; } }

    internal void SetState(bool active, string state)
    {
        lock (_gate) (_active, _state) = (active, state);
    }

    public bool IsStopped(string ns)
    {
        lock (_gate) return _stopped.ContainsKey(ns);
    }

    public StoppedNamespace? StoppedAt(string ns)
    {
        lock (_gate) return _stopped.GetValueOrDefault(ns);
    }

    public IReadOnlyList<PolicyAction> Recent(string? ns = null, int max = 20)
    {
        lock (_gate) return _recent.Where(a => ns is null || a.Namespace == ns).Take(max).ToArray();
    }

    internal void Record(PolicyAction action)
    {
        lock (_gate)
        {
            _recent.AddFirst(action);
            while (_recent.Count > Kept) _recent.RemoveLast();
        }
        Changed?.Invoke(action);
    }

    internal void Succeeded(string ns)
    {
        lock (_gate) _failures.Remove(ns);
    }

    /// <summary>Counts a failure; at the limit the namespace is stopped. Returns the consecutive count.</summary>
    internal int Failed(PolicyAction failure)
    {
        int n;
        PolicyAction? stop = null;
        lock (_gate)
        {
            n = _failures[failure.Namespace] = _failures.GetValueOrDefault(failure.Namespace) + 1;
            if (n >= settings.FailuresBeforeStop && !_stopped.ContainsKey(failure.Namespace))
            {
                _stopped[failure.Namespace] = new StoppedNamespace(failure.Namespace, failure.Where, n, failure.When, failure.Message);
                stop = failure with
                {
                    Outcome = PolicyOutcome.Stopped,
                    Message = $"Stopped after {n} consecutive failures in {failure.Where}: the policy changes nothing here until an operator resets it. Last: {failure.Message}",
                };
            }
        }
        Record(failure);
        if (stop is not null) Record(stop);
        return n;
    }

    /// <summary>
    /// Clears the breaker of <paramref name="ns"/>, or of every stopped namespace when null, and asks the
    /// policy to look there again. Returns what was cleared (the caller audits it).
    /// </summary>
    public IReadOnlyList<StoppedNamespace> Reset(string? ns, string who)
    {
        List<StoppedNamespace> cleared;
        lock (_gate)
        {
            cleared = _stopped.Values.Where(s => ns is null || s.Namespace == ns).ToList();
            foreach (var s in cleared)
            {
                _stopped.Remove(s.Namespace);
                _failures.Remove(s.Namespace);
            }
            if (ns is not null) _failures.Remove(ns);
        }
        foreach (var s in cleared)
        {
            Record(new PolicyAction(time.GetUtcNow(), s.Namespace, s.Where, null, null, null, PolicyOutcome.Reset,
                $"{who} reset the policy in {s.Where} (stopped after {s.Failures} consecutive failures)"));
            _kicks.Writer.TryWrite(s.Namespace);
        }
        return cleared;
    }

    public PolicyStatus Status()
    {
        lock (_gate)
            return new PolicyStatus(settings.Enabled, _active, _state, settings.KindNames.ToArray(),
                settings.Filter.Include, settings.Filter.Exclude, settings.MaxPerMinute, settings.FailuresBeforeStop,
                settings.Settle.TotalSeconds, _recent.Take(20).Select(PolicyActionDto.From).ToArray(), _stopped.Values.OrderBy(s => s.Since).ToArray());
    }
}
