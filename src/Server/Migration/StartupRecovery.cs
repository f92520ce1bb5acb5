using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Server.Migration;

/// <summary>
/// The dashboard resolves what a crashed process (itself, `routedash`, the CNI plugin) left open in the
/// journal as it starts, before anyone can ask it for a change.
/// </summary>
public sealed class StartupRecovery(IMigrationService migrations, ILogger<StartupRecovery>? log = null) : IHostedService
{
    private readonly ILogger _log = (ILogger?)log ?? NullLogger.Instance;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var results = await migrations.RecoverAsync(new Caller("dashboard", "startup"), cancellationToken);
            foreach (var r in results)
                _log.Log(r.Resolved ? LogLevel.Information : LogLevel.Error, "Recovery of finding {FindingId} in {NamespaceId}: {Outcome}: {Message}",
                    r.FindingId, r.NamespaceId, RecoveryResult.OutcomeName(r.Outcome), r.Message);
        }
        catch (Exception e) when (e is IOException or TimeoutException or UnauthorizedAccessException)
        {
            // The dashboard still shows routes; changes will try again (every change resolves its namespace first).
            _log.LogError("Recovery of open journal records failed at start: {Error}", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
