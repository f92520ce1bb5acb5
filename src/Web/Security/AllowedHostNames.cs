using Microsoft.AspNetCore.HostFiltering;

namespace Dashboard.Web.Security;

/// <summary>
/// The Host header values the dashboard serves, enforced by ASP.NET Core's host filtering (400 for any
/// other): the loopback names, always (port-forwards, probes, a browser on the node), plus
/// Dashboard:AllowedHosts. A DNS-rebinding page reaches 127.0.0.1 under its own name, so it gets nothing.
/// </summary>
public static class AllowedHostNames
{
    public static readonly IReadOnlyList<string> Loopback = ["localhost", "127.0.0.1", "[::1]"];

    public static IReadOnlyList<string> For(DashboardOptions options) =>
        [.. Loopback, .. Split(options.AllowedHosts).Except(Loopback, StringComparer.OrdinalIgnoreCase)];

    /// <summary>"a; b,c" → a, b, c (a bare IPv6 address gets its brackets, as it appears in a Host header).</summary>
    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => System.Net.IPAddress.TryParse(h, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{h}]" : h)
            .Distinct(StringComparer.OrdinalIgnoreCase);

    public static IServiceCollection AddDashboardHostFiltering(this IServiceCollection services)
    {
        // The host's web defaults already put UseHostFiltering first in the pipeline; this sets what it allows.
        services.AddOptions<HostFilteringOptions>().Configure<Microsoft.Extensions.Options.IOptions<DashboardOptions>>((hosts, dashboard) =>
        {
            hosts.AllowedHosts = [.. For(dashboard.Value)];
            hosts.AllowEmptyHosts = false; // HTTP/1.0 without Host: no browser sends that
        });
        return services;
    }
}
