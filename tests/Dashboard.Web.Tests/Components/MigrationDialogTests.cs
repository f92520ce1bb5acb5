using Bunit;
using Dashboard.Server.Migration;
using Dashboard.Web.Components.Pages.Remediation;
using Dashboard.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

public sealed class MigrationDialogTests : MudComponentTest
{
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> ShowAsync(MigrationScope scope = MigrationScope.Finding)
    {
        var provider = Render<MudDialogProvider>();
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

        var commands = cut.Find("[data-testid=plan-commands]").TextContent.Split('\n');
        Assert.Equal(
            ["ip -6 route add default via 2001:db8:1::1 dev net1 table 1001 metric 1024",
             "ip -6 route del default via 2001:db8:1::1 dev net1 metric 1024 table main"], commands);

        var rows = cut.FindAll("[data-testid=plan-rows] tr");
        Assert.Equal(3, rows.Count);
        Assert.StartsWith("before", rows[0].TextContent.Trim());
        Assert.Contains("nexthop via 2001:db8:1::1 dev net1", rows[0].TextContent);
        Assert.Contains("default via 2001:db8:1::1 dev net1 table vrf-blue", rows[1].TextContent);
        Assert.Contains("default via fe80::1 dev eth0", rows[2].TextContent);
        Assert.DoesNotContain("nexthop", rows[2].TextContent);
        Assert.Empty(Backend.Migrations);
    }

    [Fact]
    public async Task Confirm_applies_and_shows_the_verified_result()
    {
        var (cut, dialog) = await ShowAsync();
        cut.Find("[data-testid=confirm-migration]").Click();

        cut.WaitForAssertion(() => Assert.Contains("applied and verified", cut.Find("[data-testid=result-outcome]").TextContent));
        Assert.Equal([(SampleNode.PodNs, (string?)SampleNode.FindingId)], Backend.Migrations);
        Assert.Contains("Moved 1 nexthop", cut.Find("[data-testid=result-message]").TextContent);

        cut.Find("[data-testid=close-migration]").Click();
        var result = await dialog.Result;
        Assert.False(result!.Canceled);
    }

    [Fact]
    public async Task A_rolled_back_migration_shows_the_kernels_words()
    {
        Backend.MigrationAnswer = (ns, f) => new MigrationResult(ns, f.Id, MigrationOutcome.RolledBack, f.Plan,
            "Adding the route to table 1001 failed; table main was left as it was.", [f.Route], [f.Route], "No route to host");
        var (cut, _) = await ShowAsync();
        cut.Find("[data-testid=confirm-migration]").Click();

        cut.WaitForAssertion(() => Assert.Contains("rolled back", cut.Find("[data-testid=result-outcome]").TextContent));
        Assert.Equal("kernel: No route to host", cut.Find("[data-testid=kernel-error]").TextContent.Trim());
    }

    [Fact]
    public async Task A_migration_that_throws_keeps_the_dialog_open_with_the_error()
    {
        Backend.MigrationAnswer = (_, _) => throw new KeyNotFoundException("finding mixed-vrf:x no longer exists");
        var (cut, _) = await ShowAsync();
        cut.Find("[data-testid=confirm-migration]").Click();

        cut.WaitForAssertion(() => Assert.Contains("no longer exists", cut.Find("[data-testid=migration-error]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=confirm-migration]"));
    }

    [Fact]
    public async Task Fix_all_on_the_node_applies_every_fixable_finding()
    {
        var (cut, _) = await ShowAsync(MigrationScope.Node);
        Assert.Contains("Fix all on this node", cut.Markup);
        cut.Find("[data-testid=confirm-migration]").Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=result]")));
        Assert.Single(Backend.Migrations);
    }
}
