using Dashboard.Web.AutoRemediation;

namespace Dashboard.Web.Components.Pages.AutoRemediation;

/// <summary>How the pages word the policy's actions: "fixed by policy 3 s ago".</summary>
public static class PolicyText
{
    public static string Ago(DateTimeOffset when, DateTimeOffset now)
    {
        var d = now - when;
        if (d < TimeSpan.Zero) d = TimeSpan.Zero;
        return d.TotalSeconds < 60 ? $"{(int)d.TotalSeconds} s ago"
            : d.TotalMinutes < 60 ? $"{(int)d.TotalMinutes} min ago"
            : d.TotalHours < 48 ? $"{(int)d.TotalHours} h ago"
            : $"{(int)d.TotalDays} days ago";
    }

    public static string Headline(PolicyAction a, DateTimeOffset now) => a.Outcome switch
    {
        PolicyOutcome.Fixed => $"fixed by policy {Ago(a.When, now)}",
        PolicyOutcome.Failed => $"policy fix failed {Ago(a.When, now)}",
        PolicyOutcome.Stopped => $"policy stopped {Ago(a.When, now)}",
        PolicyOutcome.Deferred => $"policy fix deferred {Ago(a.When, now)}",
        _ => $"policy reset {Ago(a.When, now)}",
    };

    public static MudBlazor.Color Color(PolicyOutcome o) => o switch
    {
        PolicyOutcome.Fixed => MudBlazor.Color.Success,
        PolicyOutcome.Failed or PolicyOutcome.Stopped => MudBlazor.Color.Error,
        PolicyOutcome.Deferred => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Info,
    };

    /// <summary>One line for the overview: what it fixes, how fast, within which limits.</summary>
    public static string Settings(AutoRemediationSettings s) =>
        $"fixes {string.Join(", ", s.KindNames)} after {s.Settle.TotalSeconds:0.#} s of quiet; at most {s.MaxPerMinute}/min on this node; " +
        $"stops in a namespace after {s.FailuresBeforeStop} failures in a row" +
        (s.Filter.WatchesAll ? "" : $"; namespaces: {s.Filter}");
}
