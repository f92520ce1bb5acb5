namespace Dashboard.Web.Hosting;

public static class DefaultUrl
{
    /// <summary>Loopback only unless told otherwise: the dashboard can change routes, so it is not exposed by accident.</summary>
    public const string Value = "http://127.0.0.1:5080";

    /// <summary>Listens on <see cref="Value"/> unless --urls, ASPNETCORE_URLS or a "urls" setting says where.</summary>
    public static IWebHostBuilder UseDashboardDefaultUrl(this IWebHostBuilder host, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["urls"]) && string.IsNullOrWhiteSpace(configuration["http_ports"]))
            host.UseUrls(Value);
        return host;
    }
}
