namespace Dashboard.Web.AutoRemediation;

public static class AutoRemediationServices
{
    /// <summary>
    /// The auto-remediation policy (Dashboard:AutoRemediation, off by default), its ledger for the pages
    /// and the API, the audited reset, and the hub forwarding. Needs the backend and the live stream
    /// (AddDashboardBackend, AddDashboardHubs). A malformed setting stops the start with a message
    /// naming it, when the policy is enabled.
    /// </summary>
    public static IServiceCollection AddDashboardAutoRemediation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(AutoRemediationSettings.From(configuration));
        services.AddSingleton<PolicyLedger>();
        services.AddSingleton<IPolicySource>(sp => new LiveStreamPolicySource(sp.GetRequiredService<Dashboard.Server.Events.LiveStream>()));
        services.AddSingleton<PolicyReset>();
        services.AddHostedService<PolicyHubForwarder>();
        services.AddHostedService<AutoRemediationService>();
        return services;
    }
}
