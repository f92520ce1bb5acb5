namespace Dashboard.Web.Live;

/// <summary>How often the polling change source re-reads watched namespaces ("Live:Polling" in configuration).</summary>
public sealed class PollingOptions
{
    public const string Section = "Live:Polling";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many recent notices the event log keeps.</summary>
    public int RecentCapacity { get; set; } = 500;
}
