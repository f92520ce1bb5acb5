using System.Diagnostics;
using System.Security.Claims;
using Dashboard.Web.Components.Layout;
using Dashboard.Web.Components.Pages.Namespace;
using Dashboard.Web.Components.Pages.Overview;
using Dashboard.Web.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace Dashboard.Web.Hosting;

/// <summary>What the warm-up rendered: the namespace it chose (the node's largest), its routes, how long it took.</summary>
public sealed record WarmedPages(string? NamespaceId, int Routes, TimeSpan Took);

/// <summary>
/// The first page opened after the dashboard (re)starts would otherwise pay for compiling the whole
/// render path and for sorting its namespace's routes: a second or more on a 200,000-route namespace,
/// at 3 a.m. when the pod was just rescheduled. Once the app has started, this renders the overview and
/// the namespace page of the node's largest namespace once, to a string nobody sees, with the app's own
/// services: the code is compiled, and that namespace's page data is cached until its routes change.
/// A failure here costs only that head start: it is logged, never thrown.
/// </summary>
public sealed class PageWarmup(IServiceProvider services, DashboardData data, IHostApplicationLifetime lifetime, ILogger<PageWarmup> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource<WarmedPages?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the warm-up has run: what it rendered, or null when it could not.</summary>
    public Task<WarmedPages?> Done => _done.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WhenStartedAsync(stoppingToken);
            var started = Stopwatch.GetTimestamp();
            var largest = (await data.OverviewAsync(stoppingToken)).Where(s => s.Error is null).MaxBy(s => s.Routes);
            await RenderAsync("/", b => b.OpenComponent<Overview>(0));
            if (largest is not null)
                await RenderAsync($"/ns/{Uri.EscapeDataString(largest.Namespace.Id)}", b =>
                {
                    b.OpenComponent<NamespacePage>(0);
                    b.AddComponentParameter(1, nameof(NamespacePage.Id), largest.Namespace.Id);
                });
            // What the renders and the sort left behind is garbage now: give it back before the node's idle hours.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var warmed = new WarmedPages(largest?.Namespace.Id, largest?.Routes ?? 0, Stopwatch.GetElapsedTime(started));
            logger.LogInformation("Pages warmed up in {Ms:F0} ms: the overview, and namespace {NamespaceId} ({Routes} routes)",
                warmed.Took.TotalMilliseconds, warmed.NamespaceId ?? "(none)", warmed.Routes);
            _done.TrySetResult(warmed);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _done.TrySetResult(null);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Warming up the pages failed; the first page opened will be slower");
            _done.TrySetResult(null);
        }
    }

    /// <summary>
    /// A page at <paramref name="path"/> inside the app's layout (its theme, popover and dialog providers), as
    /// the router renders it for a request: in a scope and renderer of its own, signed out.
    /// </summary>
    private async Task RenderAsync(string path, Action<RenderTreeBuilder> openPage)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        // The pages read the address (?table=) from the navigation manager, and the user from the auth state.
        if (provider.GetRequiredService<NavigationManager>() is IHostEnvironmentNavigationManager navigation)
            navigation.Initialize("http://localhost/", "http://localhost" + path);
        if (provider.GetService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider auth)
            auth.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        await using var renderer = new HtmlRenderer(provider, provider.GetRequiredService<ILoggerFactory>());
        RenderFragment page = b => { openPage(b); b.CloseComponent(); };
        await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var root = await renderer.RenderComponentAsync<LayoutView>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(LayoutView.Layout)] = typeof(MainLayout),
                [nameof(LayoutView.ChildContent)] = page,
            }));
            root.ToHtmlString();
        });
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }
}
