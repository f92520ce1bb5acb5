using System.Collections.Concurrent;
using System.Text.Json;
using Dashboard.Server.State;
using Microsoft.Extensions.Logging;
using Tmds.Linux;

namespace Dashboard.Server.Audit;

/// <summary>
/// The audit trail as JSON-lines files (audit.jsonl, then audit.jsonl.1 … the oldest) in the node's
/// shared state directory: the dashboard, `routedash` and the CNI plugin all append here. An append
/// holds an flock on audit.lock (across processes) and is fsync'd before the call returns; a new
/// file's directory entry is fsync'd too, so an acknowledged record survives a power cut. When the
/// current file reaches its size limit it is rotated; the oldest kept file is dropped, with a log
/// line. Reading spans the kept files, newest first, takes no lock and never blocks writers. A line
/// torn by a crash is closed off before the next append and skipped, with a warning, when read.
/// </summary>
public sealed class FileAuditLog : IAuditLog
{
    public const string FileName = "audit.jsonl";
    public const string LockName = "audit.lock";
    public const long DefaultMaxFileBytes = 64L << 20;
    public const int DefaultKeepFiles = 10;
    private const int ReadBlock = 64 * 1024;

    // One lock per file for the whole process as well: flock is per open file description, and two
    // instances over one file (a restart inside a test, or two hosts) must not interleave their writes.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);

    private readonly ILogger<FileAuditLog> _logger;
    private readonly string _directory;
    private readonly SemaphoreSlim _lock;
    private readonly long _maxFileBytes;
    private readonly int _keepFiles;
    private readonly ConcurrentDictionary<(string, long), bool> _reportedDamage = new();

    /// <param name="maxFileBytes">The size at which audit.jsonl is rotated.</param>
    /// <param name="keepFiles">How many files are kept, the current one included.</param>
    public FileAuditLog(string directory, ILogger<FileAuditLog> logger, long maxFileBytes = DefaultMaxFileBytes, int keepFiles = DefaultKeepFiles)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepFiles, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFileBytes);
        _logger = logger;
        _directory = Path.GetFullPath(directory);
        _maxFileBytes = maxFileBytes;
        _keepFiles = keepFiles;
        FilePath = Path.Combine(_directory, FileName);
        _lock = Locks.GetOrAdd(FilePath, _ => new SemaphoreSlim(1, 1));
    }

    public string FilePath { get; }

    /// <summary>The kept files, newest first (those that exist).</summary>
    public IEnumerable<string> Files()
    {
        for (int i = 0; i < _keepFiles; i++)
        {
            var path = i == 0 ? FilePath : $"{FilePath}.{i}";
            if (File.Exists(path)) yield return path;
        }
    }

    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        var line = AuditJson.Write(record);
        await _lock.WaitAsync(cancellationToken);
        try { await Task.Run(() => Append(line), CancellationToken.None); }
        finally { _lock.Release(); }
        _logger.LogInformation("Audit {AuditId}: {Action} {Outcome} of finding {FindingId} in namespace {NamespaceId} by {Who} ({Actor}) from {From}",
            record.Id, record.Action, record.Outcome, record.FindingId, record.NamespaceId, record.Who, record.Actor, record.From);
    }

    private void Append(byte[] line)
    {
        StateDirectory.Ensure(_directory);
        using var fileLock = StateDirectory.OpenFile(Path.Combine(_directory, LockName));
        // Blocking: an append holds it for one write and one fsync.
        while (Posix.Flock((int)fileLock.DangerousGetHandle(), Posix.LOCK_EX) != 0)
            if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != 4 /* EINTR */)
                throw new IOException($"flock {Path.Combine(_directory, LockName)}: {System.Runtime.InteropServices.Marshal.GetLastPInvokeErrorMessage()}");
        RotateIfFull();
        bool created = !File.Exists(FilePath);
        using (var handle = StateDirectory.OpenFile(FilePath))
        using (var file = new FileStream(handle, FileAccess.ReadWrite))
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

    /// <summary>With the append lock held: audit.jsonl → .1 → .2 …, the oldest dropped.</summary>
    private void RotateIfFull()
    {
        var info = new FileInfo(FilePath);
        if (!info.Exists || info.Length < _maxFileBytes) return;
        var oldest = $"{FilePath}.{_keepFiles - 1}";
        if (_keepFiles == 1 || File.Exists(oldest))
        {
            var dropped = _keepFiles == 1 ? FilePath : oldest;
            _logger.LogWarning("Audit log full ({Kept} files of up to {Max} bytes): dropping the oldest, {File}", _keepFiles, _maxFileBytes, dropped);
            File.Delete(dropped);
        }
        for (int i = _keepFiles - 2; i >= 1; i--)
            if (File.Exists($"{FilePath}.{i}")) File.Move($"{FilePath}.{i}", $"{FilePath}.{i + 1}");
        if (_keepFiles > 1 && File.Exists(FilePath)) File.Move(FilePath, $"{FilePath}.1");
        SyncDirectory(_directory);
    }

    public Task<AuditPage> ReadAsync(int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Task.Run(() => Read(offset, limit, cancellationToken), cancellationToken);
    }

    private AuditPage Read(int offset, int limit, CancellationToken cancellationToken)
    {
        var items = new List<AuditRecord>(Math.Min(limit, 256));
        int seen = 0, damaged = 0;
        bool hasMore = false;
        // A rotation between two files can show a record twice or skip a file's worth; a page is a
        // best-effort view of a log that keeps growing, never a lock on it.
        foreach (var path in Files().ToArray())
        {
            FileStream file;
            try { file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete); }
            catch (FileNotFoundException) { continue; } // rotated away since the listing
            using (file)
            {
                foreach (var (start, bytes) in LinesNewestFirst(file))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var record = Parse(path, start, bytes);
                    if (record is null) { damaged++; continue; }
                    if (seen++ < offset) continue;
                    if (items.Count == limit) { hasMore = true; break; }
                    items.Add(record);
                }
            }
            if (hasMore) break;
        }
        return new AuditPage(items, offset, limit, hasMore, damaged);
    }

    private AuditRecord? Parse(string path, long start, ReadOnlyMemory<byte> line)
    {
        try
        {
            if (AuditJson.Read(line.Span) is { } record) return record;
        }
        catch (JsonException) { }
        if (_reportedDamage.TryAdd((path, start), true))
            _logger.LogWarning("Skipping a damaged audit line at byte {Offset} of {File} (a write torn by a crash)", start, path);
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
