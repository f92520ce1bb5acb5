namespace Dashboard.Ops.Tests;

/// <summary>
/// Issue 9, item 4: listening beyond loopback with anonymous reads is a decision. The real dashboard
/// process refuses to start with one line saying why, unless Dashboard__AllowAnonymousRemoteRead=true
/// (or reads need a credential); whatever it does, its start-up log says where it listens, who may read
/// and whether changes are possible.
/// </summary>
public sealed class ExposureTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static string PostureLine(string output) =>
        Assert.Single(output.Split('\n'), l => l.Contains("reads:", StringComparison.Ordinal) && l.Contains("changes:", StringComparison.Ordinal));

    [Theory]
    [InlineData("listen-address")]
    [InlineData("urls")]
    public async Task Anonymous_reads_on_a_non_loopback_address_refuse_to_start_with_one_line(string how)
    {
        using var dashboard = how == "urls"
            ? new DashboardProcess(new Dictionary<string, string>(), "--urls", "http://0.0.0.0:{port}")
            : new DashboardProcess(new Dictionary<string, string> { ["Dashboard__ListenAddress"] = "0.0.0.0:{port}" });
        var exit = await dashboard.ExitCodeAsync(StartTimeout);
        var output = dashboard.Output;
        Assert.True(exit is not null, $"the dashboard still runs on 0.0.0.0 with anonymous reads:\n{output}");
        Assert.NotEqual(0, exit);
        var why = Assert.Single(output.Split('\n'), l => l.Contains("AllowAnonymousRemoteRead", StringComparison.Ordinal));
        Assert.Contains($"0.0.0.0:{dashboard.Port}", why);
        Assert.Contains("AnonymousRead", why);
        Assert.DoesNotContain("   at ", output); // a sentence, not a stack trace
    }

    [Fact]
    public async Task AllowAnonymousRemoteRead_starts_it_and_the_log_says_who_may_read()
    {
        using var dashboard = new DashboardProcess(new Dictionary<string, string>
        {
            ["Dashboard__ListenAddress"] = "0.0.0.0:{port}",
            ["Dashboard__AllowAnonymousRemoteRead"] = "true",
        });
        Assert.True(await dashboard.ServesAsync(), dashboard.Output);
        var posture = PostureLine(dashboard.Output);
        Assert.Contains($"http://0.0.0.0:{dashboard.Port}", posture);
        Assert.Contains("anyone", posture);
        Assert.Contains("no operator credential", posture);
    }

    [Fact]
    public async Task Reads_that_need_a_credential_may_listen_beyond_loopback()
    {
        using var dashboard = new DashboardProcess(new Dictionary<string, string>
        {
            ["Dashboard__ListenAddress"] = "0.0.0.0:{port}",
            ["Dashboard__AnonymousRead"] = "false",
        });
        Assert.True(await dashboard.ServesAsync(), dashboard.Output);
        var posture = PostureLine(dashboard.Output);
        Assert.Contains($"http://0.0.0.0:{dashboard.Port}", posture);
        Assert.DoesNotContain("anyone", posture);
    }

    [Fact]
    public async Task On_loopback_it_starts_and_says_so()
    {
        using var state = new TempDirectory();
        var token = state.File("operator-token");
        await File.WriteAllTextAsync(token, OpsTestApp.OperatorToken);
        using var dashboard = new DashboardProcess(new Dictionary<string, string>
        {
            ["Dashboard__ListenAddress"] = "127.0.0.1:{port}",
            ["Dashboard__OperatorTokenFile"] = token,
        });
        Assert.True(await dashboard.ServesAsync(), dashboard.Output);
        var posture = PostureLine(dashboard.Output);
        Assert.Contains($"http://127.0.0.1:{dashboard.Port}", posture);
        Assert.Contains("operator", posture);
    }
}
