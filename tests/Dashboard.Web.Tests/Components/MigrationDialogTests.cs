using Dashboard.Server.Netlink;
using Dashboard.Server.Routing;
using Bunit;
using Dashboard.Server.Audit;
using Dashboard.Web.Audit;
using Dashboard.Server.Migration;
using Dashboard.Web.Security;
using Dashboard.Web.Data;
using Microsoft.AspNetCore.Components;
using Dashboard.Web.Components.Pages.Remediation;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

public sealed class MigrationDialogTests : MudComponentTest
{
    private static readonly ClientAddress Browser = ClientAddress.Parse("192.0.2.44");

    /// <summary>What the executor answers when the kernel refuses the add: nothing changed, with the kernel's words.</summary>
    /// <summary>A migration goes through the real service (lock, journal and audit fsync'd): seconds, not bUnit's default second, on a busy machine.</summary>
    private static readonly TimeSpan Migrating = TimeSpan.FromSeconds(15);

    /// <summary>The kernel refuses the add into the VRF's table, as it does when the gateway is not reachable there.</summary>
    private static Exception? GatewayUnreachable(RouteChange kind, Route route) =>
        kind == RouteChange.Add ? new NetlinkException(113, $"add route {route.Dst} table {route.Table}", null) : null;

    private async Task<(IRenderedComponent<CascadingValue<ClientAddress>> Provider, IDialogReference Dialog)> ShowAsync(MigrationScope scope = MigrationScope.Finding)
    {
        // As in the app: Routes cascades the page request's address around everything, dialogs included.
        var provider = Render<CascadingValue<ClientAddress>>(p => p
            .Add(c => c.Value, Browser).Add(c => c.IsFixed, true).AddChildContent<MudDialogProvider>());
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<MigrationDialog>
        {
            { d => d.Findings, [SampleNode.MixedFinding] },
            { d => d.Scope, scope },
            { d => d.NamespaceId, SampleNode.PodNs },
        };
        IDialogReference? dialog = null;
        await provider.InvokeAsync(async () => dialog = await dialogs.ShowAsync<MigrationDialog>("Move to VRF", parameters, MigrationDialog.Options));
        return (provider, dialog!);
    }

    [Fact]
    public async Task Preview_shows_the_ip_commands_and_before_after_rows_and_changes_nothing()
    {
        var (cut, _) = await ShowAsync();

        // The planner's commands for the #1253 route: add the net1 path to vrf-blue's table, then delete
        // that one IPv6 sibling from main (IPv6 deletes one path of a multipath route by gateway and device).
        var commands = cut.Find("[data-testid=plan-commands]").TextContent.Split('\n');
        Assert.Equal(
            ["ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024 proto static pref medium",
             "ip -6 route del default via 2001:db8:1::1 dev net1 table main metric 1024 proto static"], commands);

        var rows = cut.FindAll("[data-testid=plan-rows] tr");
        Assert.Equal(3, rows.Count);
        string Shown(int row) => rows[row].QuerySelectorAll("td")[1].TextContent;
        Assert.StartsWith("before", rows[0].TextContent.Trim());
        Assert.Equal("default proto static metric 1024 pref medium\n\tnexthop via fe80::1 dev eth0 weight 1\n\tnexthop via 2001:db8:1::1 dev net1 weight 1", Shown(0));
        Assert.Equal("default via 2001:db8:1::1 dev net1 table 1001 proto static metric 1024 pref medium", Shown(1));
        Assert.Equal("default via fe80::1 dev eth0 proto static metric 1024 pref medium", Shown(2));
        Assert.Empty(Backend.Changes);
    }

    [Fact]
    public async Task Confirm_applies_shows_the_verified_result_and_audits_who_and_from_where()
    {
        var (cut, dialog) = await ShowAsync();
        Assert.Empty(cut.FindAll("[data-testid=migration-refusal]"));
        cut.Find("[data-testid=confirm-migration]").Click();
        cut.WaitForAssertion(() => Assert.Contains("applied and verified", cut.Find("[data-testid=result-outcome]").TextContent), Migrating);
        Assert.Equal([RouteChange.Add, RouteChange.Delete], Backend.Changes.Select(c => c.Kind));
        Assert.Contains("default via 2001:db8:1::1 dev net1 table 1001", cut.Find("[data-testid=result-message]").TextContent);

        var record = Assert.Single((await AuditAsync()).Items);
        Assert.Equal(("dashboard", "operator", "192.0.2.44", "applied"), (record.Actor, record.Who, record.From, record.Outcome));
        Assert.Equal((SampleNode.PodNs, SampleNode.FindingId), (record.NamespaceId, record.FindingId));
        Assert.Equal(SampleNode.MixedFinding.Plan!.Steps.Select(s => s.IpCommand), record.Commands);
        Assert.Equal("ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024 proto static pref medium", record.Commands[0]);

        cut.Find("[data-testid=close-migration]").Click();
        var result = await dialog.Result;
        Assert.False(result!.Canceled);
    }

    [Fact]
    public async Task A_rolled_back_migration_shows_the_kernels_words()
    {
        Backend.FailChange = GatewayUnreachable;
        var (cut, _) = await ShowAsync();
        cut.Find("[data-testid=confirm-migration]").Click();

        cut.WaitForAssertion(() => Assert.Contains("rolled back", cut.Find("[data-testid=result-outcome]").TextContent), Migrating);
        Assert.Equal("kernel: No route to host", cut.Find("[data-testid=kernel-error]").TextContent.Trim());
    }

    [Fact]
    public async Task A_migration_that_throws_keeps_the_dialog_open_with_the_error()
    {
        var (cut, _) = await ShowAsync();
        // The route changes after the dialog showed its plan: the finding's id is gone, another fixable finding is not there.
        Backend.Put(SampleNode.PodSnapshot(SampleNode.PodRoutes.Where(r => !r.IsDefault || r.Family != IpFamily.Inet6)
            .Append(SampleNode.V6MixedDefault with { Metric = 512 }).ToList()));
        cut.Find("[data-testid=confirm-migration]").Click();

        cut.WaitForAssertion(() => Assert.Contains("no finding", cut.Find("[data-testid=migration-error]").TextContent), Migrating);
        Assert.NotNull(cut.Find("[data-testid=confirm-migration]"));
    }

    [Fact]
    public async Task A_viewer_sees_the_plan_but_Confirm_is_disabled_with_the_reason_and_a_sign_in_link()
    {
        User.User = TestUser.WithRole(DashboardRoles.Viewer);
        var (cut, _) = await ShowAsync();

        Assert.NotEmpty(cut.Find("[data-testid=plan-commands]").TextContent);
        cut.WaitForAssertion(() => Assert.Contains(OperatorRequirementHandler.NotOperatorReason, cut.Find("[data-testid=migration-refusal]").TextContent));
        Assert.True(cut.Find("[data-testid=confirm-migration]").HasAttribute("disabled"));
        Assert.StartsWith("/account/signin?returnUrl=", cut.Find("[data-testid=operator-signin]").GetAttribute("href"));
        Assert.Empty(Backend.Changes);
    }

    [Fact]
    public async Task The_read_only_switch_refuses_even_the_operator_and_offers_no_sign_in()
    {
        Settings["Dashboard:ReadOnly"] = "true";
        var (cut, _) = await ShowAsync();

        cut.WaitForAssertion(() => Assert.Contains(OperatorRequirementHandler.ReadOnlyReason, cut.Find("[data-testid=migration-refusal]").TextContent));
        Assert.True(cut.Find("[data-testid=confirm-migration]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=operator-signin]"));
        Assert.Empty(Backend.Changes);
    }

    [Fact]
    public async Task The_server_checks_the_role_itself_whatever_the_page_showed()
    {
        // A circuit whose page was tampered with could call Confirm anyway: DashboardData decides.
        var data = Services.GetRequiredService<DashboardData>();
        foreach (var user in new[] { TestUser.Anonymous, TestUser.WithRole(DashboardRoles.Viewer) })
        {
            var one = await data.MigrateAsync(SampleNode.MixedFinding, user, Browser.Address, CancellationToken.None);
            var all = await data.MigrateShownAsync([SampleNode.MixedFinding], user, Browser.Address, CancellationToken.None);
            Assert.Equal(OperatorRequirementHandler.NotOperatorReason, one.Refusal?.Message);
            Assert.Equal(OperatorRequirementHandler.NotOperatorReason, all.Refusal?.Message);
            Assert.Empty(one.Results);
        }
        Assert.Empty(Backend.Changes);
        // Refused before the migration service: not an attempt on routing, so nothing in the trail.
        Assert.Empty((await AuditAsync()).Items);
    }

    [Fact]
    public async Task Without_an_operator_credential_nobody_may_change_routing()
    {
        File.Delete(Node.TokenFile);
        var data = Services.GetRequiredService<DashboardData>();
        var attempt = await data.MigrateAsync(SampleNode.MixedFinding, TestUser.WithRole(DashboardRoles.Operator), null, CancellationToken.None);
        Assert.Equal(OperatorRequirementHandler.NoCredentialReason, attempt.Refusal?.Message);
        Assert.False(attempt.Refusal!.SigningInHelps);
        Assert.Empty(Backend.Changes);
    }

    [Fact]
    public async Task Rotating_the_operator_token_ends_the_operator_rights_of_an_open_circuit()
    {
        var tokens = Services.GetRequiredService<StaticTokenStore>();
        var signedIn = TestUser.SignedInWithToken(tokens);
        var data = Services.GetRequiredService<DashboardData>();
        Assert.Null(await data.WhyNotAllowedAsync(signedIn));

        File.WriteAllText(Node.TokenFile, "a-rotated-operator-token-0123456789\n");
        Clock.Advance(TimeSpan.FromSeconds(6));
        var attempt = await data.MigrateAsync(SampleNode.MixedFinding, signedIn, Browser.Address, CancellationToken.None);
        Assert.Equal(MigrationPermission.StaleSignInReason, attempt.Refusal?.Message);
        Assert.True(attempt.Refusal!.SigningInHelps);
        Assert.Empty(Backend.Changes);
    }

    [Fact]
    public async Task A_rolled_back_result_is_audited_too()
    {
        Backend.FailChange = GatewayUnreachable;
        var (cut, _) = await ShowAsync(MigrationScope.Namespace);
        cut.Find("[data-testid=confirm-migration]").Click();
        cut.WaitForAssertion(() => Assert.Contains("rolled back", cut.Find("[data-testid=result-outcome]").TextContent), Migrating);

        var record = Assert.Single((await AuditAsync()).Items);
        Assert.Equal(("rolled-back", "No route to host"), (record.Outcome, record.KernelError));
    }

    [Fact]
    public async Task Fix_all_on_the_node_applies_every_fixable_finding()
    {
        var (cut, _) = await ShowAsync(MigrationScope.Node);
        Assert.Contains("Fix all on this node", cut.Markup);
        cut.Find("[data-testid=confirm-migration]").Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=result]")), Migrating);
        Assert.Equal(2, Backend.Changes.Count);
    }
}
