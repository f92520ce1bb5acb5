using Dashboard.Web.Security;
using Microsoft.Extensions.Configuration.Memory;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Logging as an operator wants it from a node: the dashboard's own events (start-up posture,
/// migrations, resyncs, refusals) at Information, the framework's at Warning (at Information it writes
/// two lines per request), one line per entry with a UTC timestamp — and secrets masked in every entry
/// (<see cref="RedactingLoggerFactory"/>), whatever the levels.
/// </summary>
public static class LoggingDefaults
{
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:System"] = "Warning",
        // Start and stop of the process: a handful of lines, worth keeping.
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ ",
    };

    public static WebApplicationBuilder AddDashboardLogging(this WebApplicationBuilder builder)
    {
        // Defaults as the first (lowest) configuration source: appsettings, Logging__LogLevel__* variables
        // and --Logging:... arguments all still override them, which filters added in code would not allow.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        RedactingLoggerFactory.Register(builder.Services);
        return builder;
    }
}
