using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Web.Security;
using Dashboard.Web.Tests.Support;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// Who may click Confirm, in chromium against the app with its real sign-in, authorization and audit
/// trail (the namespace is built in code: this kernel has no VRF; the real one is in VmMoveToVrfTests).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RemediationAccessTests(ChromiumFixture chromium) : IAsyncDisposable
{
    private readonly InCodeBackend _backend = SampleNode.Backend();
    private DashboardApp? _app;

    private DashboardApp Start(bool readOnly = false)
    {
        _app = new DashboardApp(services => services.UseInCodeBackend(_backend), new Dictionary<string, string?> { ["Dashboard:ReadOnly"] = readOnly ? "true" : "false" }).Start();
        return _app;
    }

    private async Task<JsonElement[]> AuditAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app!.BaseUrl) };
        var page = await http.GetFromJsonAsync<JsonElement>("/api/audit", TestContext.Current.CancellationToken);
        return page.GetProperty("items").EnumerateArray().ToArray();
    }

    [Fact]
    public async Task A_viewer_sees_the_plan_but_not_Confirm_then_signs_in_confirms_and_the_attempt_is_audited()
    {
        var app = Start();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/ns/{SampleNode.PodNs}");
        await page.InteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=role]")).ToHaveTextAsync("viewer");
        await Assertions.Expect(page.Locator("[data-testid=sign-in]")).ToBeVisibleAsync();

        await page.Locator("[data-testid=move-to-vrf]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog.Locator("[data-testid=plan-commands]")).ToContainTextAsync("table 1001");
        await Assertions.Expect(dialog.Locator("[data-testid=migration-refusal]")).ToContainTextAsync(OperatorRequirementHandler.NotOperatorReason);
        await Assertions.Expect(dialog.Locator("[data-testid=confirm-migration]")).ToBeDisabledAsync();
        await page.WaitForTimeoutAsync(500); // the dialog's opening animation
        await page.ScreenshotAsync(new() { Path = ScreenshotTests.ScreenshotPath("dialog-viewer.png") });
        Assert.Empty(_backend.Changes);

        // The dialog's own link: sign in, and come back to the namespace.
        await dialog.Locator("[data-testid=operator-signin]").ClickAsync();
        await page.Locator("#token").FillAsync(OperatorSetup.OperatorToken);
        await page.Locator("form[action='/auth/signin'] button[type=submit]").ClickAsync();
        await page.WaitForURLAsync($"{app.BaseUrl}/ns/{SampleNode.PodNs}");
        await page.InteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=role]")).ToHaveTextAsync("operator");

        await page.Locator("[data-testid=move-to-vrf]").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=confirm-migration]")).ToBeEnabledAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=migration-refusal]")).ToHaveCountAsync(0);
        await dialog.Locator("[data-testid=confirm-migration]").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=result-outcome]")).ToContainTextAsync("applied and verified");
        Assert.Equal(2, _backend.Changes.Count); // the add into table 1001, the sibling delete in main

        var record = Assert.Single(await AuditAsync());
        Assert.Equal("operator", record.GetProperty("who").GetString());
        Assert.Equal("127.0.0.1", record.GetProperty("from").GetString());
        Assert.Equal(SampleNode.FindingId, record.GetProperty("findingId").GetString());
        Assert.Equal("applied", record.GetProperty("outcome").GetString()); // the kebab-case outcome of every audit record

        // Signing out from the app bar makes the browser a viewer again.
        await dialog.Locator("[data-testid=close-migration]").ClickAsync();
        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=sign-in]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=role]")).ToHaveTextAsync("viewer");
    }

    [Fact]
    public async Task The_read_only_switch_refuses_a_signed_in_operator_and_nothing_is_applied()
    {
        var app = Start(readOnly: true);
        var page = await chromium.NewPageAsync();
        await app.SignInAsync(page, $"/ns/{SampleNode.PodNs}");
        await Assertions.Expect(page.Locator("[data-testid=role]")).ToHaveTextAsync("operator");

        await page.Locator("[data-testid=move-to-vrf]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog.Locator("[data-testid=migration-refusal]")).ToContainTextAsync(OperatorRequirementHandler.ReadOnlyReason);
        await Assertions.Expect(dialog.Locator("[data-testid=confirm-migration]")).ToBeDisabledAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=operator-signin]")).ToHaveCountAsync(0);
        // A forced click on the disabled button must not get through either.
        await dialog.Locator("[data-testid=confirm-migration]").ClickAsync(new() { Force = true });
        await page.WaitForTimeoutAsync(500);
        Assert.Empty(_backend.Changes);
        Assert.Empty(await AuditAsync());
        await Assertions.Expect(page.Locator("tr[data-testid=nexthop-row][data-offending=true]")).ToHaveCountAsync(1);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
