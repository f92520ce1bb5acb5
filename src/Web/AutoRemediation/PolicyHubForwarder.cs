using Dashboard.Web.Api;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.AutoRemediation;

/// <summary>Every policy action to every hub client (PolicyAction): "fixed by policy", as it happens.</summary>
public sealed class PolicyHubForwarder(PolicyLedger ledger, IHubContext<RoutesHub, IRoutesClient> hub, ILogger<PolicyHubForwarder> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ledger.Changed += Forward;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ledger.Changed -= Forward;
        return Task.CompletedTask;
    }

    private void Forward(PolicyAction action) => _ = SendAsync(PolicyActionDto.From(action));

    private async Task SendAsync(PolicyActionDto dto)
    {
        try { await hub.Clients.All.PolicyAction(dto); }
        catch (Exception e) { log.LogWarning("Sending a policy action to hub clients failed: {Error}", e.Message); }
    }
}
