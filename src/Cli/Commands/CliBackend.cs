using Dashboard.Server.Audit;
using Dashboard.Server.Migration;
using Dashboard.Server.Namespaces;
using Dashboard.Server.Netlink;
using Dashboard.Server.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Cli.Commands;

/// <summary>
/// The backend as the CLI uses it: the same state directory (ROUTEDASH_STATE_DIR, else
/// /var/lib/routedash), locks, journal and audit log as the dashboard, so that either one's changes
/// are serialised, recoverable and recorded.
/// </summary>
internal static class CliBackend
{
    public static MigrationService Migrations()
    {
        var state = StateLocations.FromEnvironment();
        return new MigrationService(new NamespaceCatalog(), KernelNetlink.Instance, MigrationOptions.FromEnvironment(), state,
            new FileAuditLog(state.Audit, NullLogger<FileAuditLog>.Instance));
    }
}
