namespace Dashboard.Web.Hosting;

public static class HostDefaults
{
    /// <summary>
    /// Serves package assets (MudBlazor's CSS/JS) from the build output in any environment, so the
    /// built app runs as a node would run it; a published app has them in wwwroot and this is a no-op.
    /// Where it listens is Dashboard:ListenAddress (loopback by default) or an explicit --urls.
    /// </summary>
    public static IWebHostBuilder UseDashboardHostDefaults(this IWebHostBuilder host)
    {
        host.UseStaticWebAssets();
        return host;
    }
}
