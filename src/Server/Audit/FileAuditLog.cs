using System.Collections.Concurrent;
using System.Text.Json;
using Dashboard.Server.State;
using Microsoft.Extensions.Logging;
using Tmds.Linux;

namespace Dashboard.Server.Audit;

/// <summary>
/// The audit trail as a JSON-lines file (audit.jsonl) under Dashboard:AuditDirectory. Appends go
/// through one lock per file and are fsync'd before the call returns; a new file's directory entry
/// is fsync'd too, so a record that was acknowledged survives a power cut. A line torn by a crash is
/// closed off before the next append and skipped, with a warning, when read.
/// </summary>
public sealed class FileAuditLog : IAuditLog
{
    public const string FileName = "audit.jsonl";
    private const int ReadBlock = 64 * 1024;
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // One lock per file for the whole process: two instances over one file (a restart inside a
    // test, or two hosts) must not interleave their writes.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);

    private readonly ILogger<FileAuditLog> _logger;
    private readonly string _directory;
    private readonly SemaphoreSlim _lock;
    private readonly ConcurrentDictionary<long, bool> _reportedDamage = new();

    public FileAuditLog(string directory, ILogger<FileAuditLog> logger)
    {
        _logger = logger;
        _directory = Path.GetFullPath(directory);
        FilePath = Path.Combine(_directory, FileName);
        _lock = Locks.GetOrAdd(FilePath, _ => new SemaphoreSlim(1, 1));
    }

    public string FilePath { get; }

    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        var line = AuditJson.Write(record);
        await _lock.WaitAsync(cancellationToken);
        try { Append(line); }
        finally { _lock.Release(); }
        _logger.LogInformation("Audit {AuditId}: {Action} {Outcome} of finding {FindingId} in namespace {NamespaceId} by {Who} ({Actor}) from {From}",
            record.Id, record.Action, record.Outcome, record.FindingId, record.NamespaceId, record.Who, record.Actor, record.From);
    }

    private void Append(byte[] line)
    {
        StateDirectory.Ensure(_directory);
        bool created = !File.Exists(FilePath);
        var open = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read,
            Options = FileOptions.None,
        };
        if (!OperatingSystem.IsWindows()) open.UnixCreateMode = OwnerReadWrite;
        using (var file = new FileStream(FilePath, open))
        {
            long length = file.Length;
            if (length > 0)
            {
                file.Position = length - 1;
                if (file.ReadByte() != '\n')
                {
                    // The previous writer died mid-line: end that fragment so this record starts clean.
                    _logger.LogWarning("Audit file {File} ended in a torn line; it is closed off and will be skipped", FilePath);
                    file.Position = length;
                    file.WriteByte((byte)'\n');
                }
            }
            file.Position = file.Length;
            var buffer = new byte[line.Length + 1];
            line.CopyTo(buffer, 0);
            buffer[^1] = (byte)'\n';
            file.Write(buffer);
            file.Flush(flushToDisk: true);
        }
        if (created) SyncDirectory(_directory);
    }

    public async Task<AuditPage> ReadAsync(int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await _lock.WaitAsync(cancellationToken);
        try { return Read(offset, limit, cancellationToken); }
        finally { _lock.Release(); }
    }

    private AuditPage Read(int offset, int limit, CancellationToken cancellationToken)
    {
        var items = new List<AuditRecord>(Math.Min(limit, 256));
        int seen = 0, damaged = 0;
        bool hasMore = false;
        if (!File.Exists(FilePath)) return new AuditPage(items, offset, limit, false, 0);
        using var file = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        foreach (var (start, bytes) in LinesNewestFirst(file))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = Parse(start, bytes);
            if (record is null) { damaged++; continue; }
            if (seen++ < offset) continue;
            if (items.Count == limit) { hasMore = true; break; }
            items.Add(record);
        }
        return new AuditPage(items, offset, limit, hasMore, damaged);
    }

    private AuditRecord? Parse(long start, ReadOnlyMemory<byte> line)
    {
        try
        {
            if (AuditJson.Read(line.Span) is { } record) return record;
        }
        catch (JsonException) { }
        if (_reportedDamage.TryAdd(start, true))
            _logger.LogWarning("Skipping a damaged audit line at byte {Offset} of {File} (a write torn by a crash)", start, FilePath);
        return null;
    }

    /// <summary>Non-empty lines from the end of the file backwards, each with its starting byte offset.</summary>
    internal static IEnumerable<(long Start, ReadOnlyMemory<byte> Line)> LinesNewestFirst(FileStream file)
    {
        long position = file.Length;
        var block = new byte[ReadBlock];
        byte[] carry = []; // the start of the file-later part of a line whose beginning is still to be read
        while (position > 0)
        {
            int n = (int)Math.Min(ReadBlock, position);
            position -= n;
            file.Position = position;
            file.ReadExactly(block, 0, n);
            var joined = new byte[n + carry.Length];
            Array.Copy(block, joined, n);
            carry.CopyTo(joined, n);
            int end = joined.Length;
            for (int i = joined.Length - 1; i >= 0; i--)
            {
                if (joined[i] != '\n') continue;
                if (end - (i + 1) > 0) yield return (position + i + 1, joined.AsMemory(i + 1, end - (i + 1)));
                end = i;
            }
            carry = joined[..end];
        }
        if (carry.Length > 0) yield return (0, carry);
    }

    /// <summary>fsync of the directory: makes a newly created file's name durable, not only its data.</summary>
    private static unsafe void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var path = System.Text.Encoding.UTF8.GetBytes(directory + "\0");
        int fd;
        fixed (byte* p = path) fd = LibC.open(p, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
        if (fd < 0) return;
        LibC.fsync(fd);
        LibC.close(fd);
    }
}
