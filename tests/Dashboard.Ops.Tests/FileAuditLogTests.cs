using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Dashboard.Server.Audit;
using Dashboard.Server.Contracts;
using Dashboard.Web.Audit;
using Dashboard.Server.Migration;
using Dashboard.Server.State;
using Dashboard.Web.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Ops.Tests;

public sealed class FileAuditLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string AuditDir => Path.Combine(_dir.Path, "state", "audit");

    public void Dispose() => _dir.Dispose();

    private FileAuditLog NewLog() =>
        new(AuditDir, NullLogger<FileAuditLog>.Instance);

    private static AuditRecord Record(MigrationOutcome outcome, string finding, DateTimeOffset when, string? kernelError = null) =>
        AuditRecord.FromResult(AuditSamples.Result(outcome, "ino-4026532", finding, kernelError), "dashboard", "anonymous", "127.0.0.1", when);

    [Fact]
    public async Task Records_come_back_newest_first_and_page()
    {
        var log = NewLog();
        var t0 = DateTimeOffset.UtcNow;
        for (int i = 0; i < 7; i++) await log.AppendAsync(Record(MigrationOutcome.Applied, $"f-{i}", t0.AddSeconds(i)));

        var first = await log.ReadAsync(0, 3);
        Assert.Equal(["f-6", "f-5", "f-4"], first.Items.Select(r => r.FindingId));
        Assert.True(first.HasMore);
        var last = await log.ReadAsync(6, 3);
        Assert.Equal(["f-0"], last.Items.Select(r => r.FindingId));
        Assert.False(last.HasMore);
        Assert.Empty((await log.ReadAsync(7, 3)).Items);
        Assert.Equal(0, first.DamagedLines);
    }

    [Fact]
    public async Task A_record_keeps_every_field_through_the_file()
    {
        var log = NewLog();
        var result = AuditSamples.Result(MigrationOutcome.RolledBack, "ino-99", "f-abc", "No route to host");
        var written = AuditRecord.FromResult(result, "dashboard", "operator", "10.1.2.3", DateTimeOffset.UtcNow);
        await log.AppendAsync(written);

        var read = Assert.Single((await log.ReadAsync(0, 10)).Items);
        Assert.Equal(written.Id, read.Id);
        Assert.Equal(written.When, read.When);
        Assert.Equal(TimeSpan.Zero, read.When.Offset);
        Assert.Equal("operator", read.Who);
        Assert.Equal("10.1.2.3", read.From);
        Assert.Equal("ino-99", read.NamespaceId);
        Assert.Equal("f-abc", read.FindingId);
        Assert.Equal("rolled-back", read.Outcome);
        Assert.Equal(("dashboard", "migration"), (read.Actor, read.Action));
        Assert.Equal(result.Plan!.Steps.Select(s => s.IpCommand), read.Commands);
        Assert.Equal("No route to host", read.KernelError);
        var before = Assert.Single(read.Before);
        Assert.Equal(Json(RouteDto.From(AuditSamples.MixedDefault, AuditSamples.Names)), Json(before));
        Assert.Equal(["eth0", "net1"], before.Nexthops.Select(n => n.Dev));
    }

    [Fact]
    public async Task Records_survive_a_restart_and_the_files_are_owner_only()
    {
        var first = NewLog();
        await first.AppendAsync(Record(MigrationOutcome.Applied, "before-restart", DateTimeOffset.UtcNow));

        // A new instance over the same directory is what a restarted process sees.
        var second = NewLog();
        Assert.Equal("before-restart", Assert.Single((await second.ReadAsync(0, 10)).Items).FindingId);
        await second.AppendAsync(Record(MigrationOutcome.Failed, "after-restart", DateTimeOffset.UtcNow));
        Assert.Equal(["after-restart", "before-restart"], (await NewLog().ReadAsync(0, 10)).Items.Select(r => r.FindingId));

        Assert.Equal(StateDirectory.OwnerOnly, File.GetUnixFileMode(AuditDir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.FilePath));
        Assert.Equal(2, File.ReadAllLines(first.FilePath).Length);
    }

    [Fact]
    public async Task A_torn_last_line_is_skipped_and_the_next_record_starts_clean()
    {
        var log = NewLog();
        await log.AppendAsync(Record(MigrationOutcome.Applied, "whole", DateTimeOffset.UtcNow));
        var whole = await File.ReadAllBytesAsync(log.FilePath);
        // A crash mid-write: the start of a second record, no newline.
        await File.AppendAllTextAsync(log.FilePath, Encoding.UTF8.GetString(whole, 0, whole.Length / 2));

        var page = await NewLog().ReadAsync(0, 10);
        Assert.Equal("whole", Assert.Single(page.Items).FindingId);
        Assert.Equal(1, page.DamagedLines);

        await NewLog().AppendAsync(Record(MigrationOutcome.Refused, "after-crash", DateTimeOffset.UtcNow));
        page = await NewLog().ReadAsync(0, 10);
        Assert.Equal(["after-crash", "whole"], page.Items.Select(r => r.FindingId));
        Assert.Equal(1, page.DamagedLines);
    }

    [Fact]
    public async Task Concurrent_writers_never_interleave()
    {
        var a = NewLog();
        var b = NewLog();
        const int perWriter = 60;
        var when = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, perWriter * 2).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).AppendAsync(Record(MigrationOutcome.Planned, $"c-{i}", when)))));

        var page = await a.ReadAsync(0, 1000);
        Assert.Equal(0, page.DamagedLines);
        Assert.Equal(perWriter * 2, page.Items.Count);
        Assert.Equal(perWriter * 2, page.Items.Select(r => r.FindingId).Distinct().Count());
        Assert.Equal(perWriter * 2, page.Items.Select(r => r.Id).Distinct().Count());
        Assert.All(File.ReadAllLines(a.FilePath), line => JsonDocument.Parse(line).Dispose());
    }

    [Fact]
    public async Task Paging_works_across_read_blocks()
    {
        var log = NewLog();
        // Each record is ~1.5 KB: 120 records span several 64 KiB blocks read from the end.
        for (int i = 0; i < 120; i++) await log.AppendAsync(Record(MigrationOutcome.Applied, $"b-{i:D3}", DateTimeOffset.UtcNow));
        Assert.True(new FileInfo(log.FilePath).Length > 128 * 1024);
        var all = new List<string>();
        for (int offset = 0; ; offset += 25)
        {
            var page = await log.ReadAsync(offset, 25);
            all.AddRange(page.Items.Select(r => r.FindingId));
            if (!page.HasMore) break;
        }
        Assert.Equal(Enumerable.Range(0, 120).Reverse().Select(i => $"b-{i:D3}"), all);
    }

    [Fact]
    public async Task No_secret_reaches_the_file()
    {
        const string token = "operator-token-that-must-not-leak-42";
        var log = NewLog();
        var user = StaticTokenAuthenticationHandler.CreatePrincipal(DashboardRoles.Operator, "test");
        user.AddIdentity(new ClaimsIdentity([new Claim("access_token", token), new Claim("cookie", "routedash.auth=" + token)]));
        await log.AppendAsync(AuditRecord.FromResult(AuditSamples.Result(MigrationOutcome.Applied), "dashboard", AuditLogExtensions.WhoIs(user), "127.0.0.1", DateTimeOffset.UtcNow));

        var text = await File.ReadAllTextAsync(log.FilePath);
        Assert.DoesNotContain(token, text);
        Assert.DoesNotContain("routedash.auth", text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(
            ["action", "actor", "after", "before", "commands", "findingId", "from", "id", "message", "namespaceId", "outcome", "v", "when", "who"],
            json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Anonymous_callers_are_recorded_as_anonymous() =>
        Assert.Equal("anonymous", AuditLogExtensions.WhoIs(new ClaimsPrincipal(new ClaimsIdentity())));

    /// <summary>A line exactly as the first release wrote it (its FileAuditLog, run on a sample rolled-back migration).</summary>
    private const string Version1Line = @"{""id"":""01a196fb1600727090df004fa9cdc600"",""when"":""2026-11-01T12:00:00+00:00"",""who"":""anonymous"",""from"":""10.1.2.3"",""namespaceId"":""pod-a"",""findingId"":""f-0123456789ab"",""outcome"":""RolledBack"",""commands"":[""ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024 proto boot pref medium"",""ip -6 route del default via 2001:db8:1::1 dev net1 table main metric 1024 proto boot""],""routeBefore"":[{""family"":""Inet6"",""table"":254,""tableName"":""main"",""type"":""unicast"",""dst"":""::/0"",""protocol"":""boot"",""scope"":""global"",""metric"":1024,""pref"":""medium"",""flags"":[],""nexthops"":[{""gateway"":""fe80::1"",""gatewayFamily"":""Inet6"",""linkIndex"":2,""dev"":""eth0"",""weight"":1,""flags"":[]},{""gateway"":""2001:db8:1::1"",""gatewayFamily"":""Inet6"",""linkIndex"":3,""dev"":""net1"",""weight"":1,""flags"":[]}],""tos"":0}],""routeAfter"":[{""family"":""Inet6"",""table"":254,""tableName"":""main"",""type"":""unicast"",""dst"":""::/0"",""protocol"":""boot"",""scope"":""global"",""metric"":1024,""pref"":""medium"",""flags"":[],""nexthops"":[{""gateway"":""fe80::1"",""gatewayFamily"":""Inet6"",""linkIndex"":2,""dev"":""eth0"",""weight"":1,""flags"":[]},{""gateway"":""2001:db8:1::1"",""gatewayFamily"":""Inet6"",""linkIndex"":3,""dev"":""net1"",""weight"":1,""flags"":[]}],""tos"":0}],""message"":""Step 2 failed: No route to host. The original state was restored (1 step(s) undone)."",""kernelError"":""No route to host""}";

    [Fact]
    public async Task A_line_written_by_the_first_release_is_read_not_skipped()
    {
        Directory.CreateDirectory(AuditDir);
        var log = NewLog();
        await File.WriteAllTextAsync(log.FilePath, Version1Line + "\n");
        await log.AppendAsync(Record(MigrationOutcome.Applied, "f-new", DateTimeOffset.UtcNow));

        var page = await log.ReadAsync(0, 10);
        Assert.Equal(0, page.DamagedLines);
        var old = page.Items[1];
        Assert.Equal(("pod-a", "f-0123456789ab", "rolled-back", "No route to host"), (old.NamespaceId, old.FindingId, old.Outcome, old.KernelError));
        Assert.Equal(("dashboard", "anonymous", "10.1.2.3", "migration"), (old.Actor, old.Who, old.From, old.Action));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), old.When);
        Assert.Equal(2, old.Commands.Count);
        var before = Assert.Single(old.Before);
        Assert.Equal(("inet6", 254u, "::/0", 1024u), (before.Family, before.Table, before.Dst, before.Metric!.Value));
        Assert.Equal(["eth0", "net1"], before.Nexthops.Select(n => n.Dev));
        Assert.Equal(["fe80::1", "2001:db8:1::1"], before.Nexthops.Select(n => n.Gateway));
    }

    private static string Json(RouteDto r) => JsonSerializer.Serialize([r], DashboardJson.Default.RouteDtoArray);
}
