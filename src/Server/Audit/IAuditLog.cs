namespace Dashboard.Server.Audit;

/// <summary>The durable, append-only record of migration attempts.</summary>
public interface IAuditLog
{
    /// <summary>Appends the record and returns only once it is on disk (fsync).</summary>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Records newest first: skips <paramref name="offset"/>, returns at most <paramref name="limit"/>.</summary>
    Task<AuditPage> ReadAsync(int offset, int limit, CancellationToken cancellationToken = default);
}
