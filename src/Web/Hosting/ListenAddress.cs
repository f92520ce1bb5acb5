using System.Net;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Dashboard.Web.Hosting;

/// <summary>Binds Kestrel to Dashboard:ListenAddress (default 127.0.0.1:5080), and to nothing else.</summary>
public static class ListenAddress
{
    public static IWebHostBuilder UseDashboardListenAddress(this IWebHostBuilder builder, IConfiguration configuration)
    {
        // An explicit --urls / ASPNETCORE_URLS is the operator's own choice: it wins.
        if (!string.IsNullOrWhiteSpace(configuration["urls"])) return builder;
        var text = configuration.GetSection(DashboardOptions.Section)[nameof(DashboardOptions.ListenAddress)]
            ?? new DashboardOptions().ListenAddress;
        var endpoint = Parse(text);
        return builder.ConfigureKestrel(k => k.Listen(endpoint));
    }

    /// <summary>"host:port" or "[v6]:port", host an IP literal (no name: a name could resolve to a public address).</summary>
    public static IPEndPoint Parse(string text)
    {
        if (IPEndPoint.TryParse(text.Trim(), out var endpoint) && text.Contains(':') && (endpoint.Port > 0 || text.TrimEnd().EndsWith(":0", StringComparison.Ordinal)))
            return endpoint;
        throw new FormatException($"Dashboard:ListenAddress '{text}' is not an IP address and port such as 127.0.0.1:5080 or [::1]:5080.");
    }
}
