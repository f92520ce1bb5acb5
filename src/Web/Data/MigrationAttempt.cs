using Dashboard.Server.Migration;
using Dashboard.Web.Security;

namespace Dashboard.Web.Data;

/// <summary>
/// What a migration asked for from the UI came to: refused before anything was tried (with the
/// policy's reason), or the service's results, each already in the audit trail unless
/// <see cref="AuditError"/> says why it could not be written.
/// </summary>
public sealed record MigrationAttempt(IReadOnlyList<MigrationResult> Results, MigrationPermission.Refusal? Refusal = null, string? AuditError = null)
{
    public static MigrationAttempt Refused(MigrationPermission.Refusal refusal) => new([], refusal);
}
