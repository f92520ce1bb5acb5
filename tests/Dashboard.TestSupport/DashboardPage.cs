using Microsoft.Playwright;

namespace Dashboard.TestSupport;

public static class DashboardPage
{
    /// <summary>
    /// Waits until the dashboard's page runs in its circuit. Pages are prerendered: the first paint shows
    /// the content, but a click before the circuit has taken over does nothing.
    /// </summary>
    public static Task InteractiveAsync(this IPage page, float timeoutMs = 30_000) =>
        page.Locator("[data-interactive=true]").First.WaitForAsync(new() { Timeout = timeoutMs });
}
