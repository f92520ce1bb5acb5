namespace Dashboard.Web.Hosting;

public static class HostDefaults
{
    /// <summary>Loopback only unless told otherwise: the dashboard can change routes, so it is not exposed by accident.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Listens on <see cref="DefaultUrl"/> unless --urls, ASPNETCORE_URLS or a "urls" setting says where,
    /// and serves package assets (MudBlazor's CSS/JS) from the build output in any environment, so the
    /// built app runs as a node would run it; a published app has them in wwwroot and this is a no-op.
    /// </summary>
    public static IWebHostBuilder UseDashboardHostDefaults(this IWebHostBuilder host, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["urls"]) && string.IsNullOrWhiteSpace(configuration["http_ports"]))
            host.UseUrls(DefaultUrl);
        host.UseStaticWebAssets();
        return host;
    }
}
