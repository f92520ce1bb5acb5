using System.Text;
using System.Text.Json;
using Dashboard.Server.Routing;
using Dashboard.Server.State;
using Tmds.Linux;

namespace Dashboard.Server.Migration;

/// <summary>
/// The write-ahead journal of migrations. Under the namespace's lock and before the first step, an
/// intent record (the namespace and its inode, the node's boot id, the finding, the steps, and the
/// route slots and rules the plan touches before and after each step) is written and fsync'd; each step the
/// kernel acknowledges is marked; the record is closed when the migration ends. A record still open
/// means its process died mid-change: whoever next takes that namespace's lock resolves it
/// (<see cref="JournalRecovery"/>). One file per record under the shared state directory's journal/.
/// </summary>
public sealed class MigrationJournal(StateLocations state)
{
    private static readonly Lazy<string> CurrentBoot = new(() =>
    {
        try { return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(); }
        catch (IOException) { return "unknown"; }
    });

    public string Directory => state.Journal;

    /// <summary>The boot the records of this run carry: a record from another boot is stale.</summary>
    public static string BootId => CurrentBoot.Value;

    internal JournalEntry Begin(NetNamespace ns, MigrationPlan plan, IReadOnlyList<PlanStep> steps,
        IReadOnlyList<IReadOnlyList<Route>> states, IReadOnlyCollection<RouteKey> keys,
        IReadOnlyList<IReadOnlyList<Rule>> ruleStates, IReadOnlyCollection<(IpFamily Family, uint Priority)> ruleKeys, string actor, string who)
    {
        StateDirectory.Ensure(state.Root);
        StateDirectory.Ensure(state.Journal);
        var id = Guid.CreateVersion7().ToString("N");
        var path = Path.Combine(state.Journal, $"netns-{ns.Inode}-{id}.jsonl");
        var intent = new JournalLine
        {
            Type = "intent", Id = id, Created = DateTimeOffset.UtcNow, Actor = actor, Who = who,
            NamespaceId = ns.Id, NamespacePath = ns.Path, Inode = ns.Inode, BootId = BootId, FindingId = plan.FindingId,
            Original = plan.Original is { } original ? JournalRoute.From(original) : null,
            Steps = steps.Select(JournalStep.From).ToArray(),
            States = states.Select(s => s.Select(JournalRoute.From).ToArray()).ToArray(),
            Keys = keys.Select(JournalKey.From).ToArray(),
            RuleStates = ruleKeys.Count == 0 ? null : ruleStates.Select(s => s.Select(JournalRule.From).ToArray()).ToArray(),
            RuleKeys = ruleKeys.Count == 0 ? null : ruleKeys.Select(k => new JournalRuleKey { Family = (byte)k.Family, Priority = k.Priority }).ToArray(),
        };
        var entry = new JournalEntry(path);
        entry.Append(intent);
        SyncDirectory(state.Journal);
        return entry;
    }

    /// <summary>Records still open, oldest first; only those of one namespace when <paramref name="inode"/> is given.</summary>
    internal IReadOnlyList<OpenRecord> OpenRecords(ulong? inode = null)
    {
        if (!System.IO.Directory.Exists(state.Journal)) return [];
        StateDirectory.Ensure(state.Journal);
        var prefix = inode is { } i ? $"netns-{i}-" : "netns-";
        var records = new List<OpenRecord>();
        foreach (var file in System.IO.Directory.EnumerateFiles(state.Journal, prefix + "*.jsonl").Order(StringComparer.Ordinal))
        {
            if (Read(file) is { } record) records.Add(record);
        }
        return records;
    }

    /// <summary>A record's lines; null for a file that holds no intent (torn before its first line was whole).</summary>
    internal static OpenRecord? Read(string file)
    {
        string[] lines;
        using (var handle = StateDirectory.OpenFile(file, write: false, create: false))
        using (var stream = new FileStream(handle, FileAccess.Read))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
            lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        JournalLine? intent = null;
        int acked = 0;
        string? closed = null;
        foreach (var text in lines)
        {
            JournalLine? line;
            try { line = JsonSerializer.Deserialize(text, JournalJson.Default.JournalLine); }
            catch (JsonException) { continue; } // a line torn by the crash: the lines before it stand
            switch (line?.Type)
            {
                case "intent": intent ??= line; break;
                case "step": acked = Math.Max(acked, line.Index); break;
                case "closed": closed = line.Outcome; break;
            }
        }
        return intent is null ? new OpenRecord(file, null, 0, closed ?? "torn") : new OpenRecord(file, intent, acked, closed);
    }

    /// <summary>fsync of the directory: makes a new file's name durable, not only its data.</summary>
    internal static unsafe void SyncDirectory(string directory)
    {
        var path = Encoding.UTF8.GetBytes(directory + "\0");
        int fd;
        fixed (byte* p = path) fd = LibC.open(p, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
        if (fd < 0) return;
        LibC.fsync(fd);
        LibC.close(fd);
    }
}

/// <summary>One open record: the file, its intent, how many steps were acknowledged, and its end if it has one.</summary>
internal sealed record OpenRecord(string File, JournalLine? Intent, int StepsAcked, string? Closed);

/// <summary>The record of the migration in progress.</summary>
internal sealed class JournalEntry(string path)
{
    public string Path { get; } = path;

    /// <summary>Step <paramref name="index"/> (1-based) was acknowledged by the kernel.</summary>
    public void MarkStep(int index) => Append(new JournalLine { Type = "step", Index = index });

    /// <summary>The migration ended: the record is closed, then removed (the audit log keeps the story).</summary>
    public void Close(string outcome)
    {
        Append(new JournalLine { Type = "closed", Outcome = outcome });
        File.Delete(Path);
    }

    internal void Append(JournalLine line)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, JournalJson.Default.JournalLine);
        using var handle = StateDirectory.OpenFile(Path);
        using var stream = new FileStream(handle, FileAccess.ReadWrite);
        if (stream.Length > 0)
        {
            // A line torn by a crash is ended first, so that this one stays whole and readable.
            stream.Seek(-1, SeekOrigin.End);
            if (stream.ReadByte() != '\n') stream.WriteByte((byte)'\n');
        }
        stream.Seek(0, SeekOrigin.End);
        stream.Write(bytes);
        stream.WriteByte((byte)'\n');
        stream.Flush(flushToDisk: true);
    }
}
