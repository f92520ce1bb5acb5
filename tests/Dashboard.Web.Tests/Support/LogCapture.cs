using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// A logger provider that keeps every entry the app's logging pipeline hands it: category, level, the
/// formatted message, each structured value, the exception and the active scopes, all as text, so a
/// test can search everything a real sink (console, JSON, a collector) could have written.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private IExternalScopeProvider? _scopes;

    public sealed record Entry(string Category, LogLevel Level, string Text);

    public IReadOnlyList<Entry> Entries => _entries.ToArray();

    /// <summary>Registers this provider; with <paramref name="everything"/> it receives Trace and up from every category, whatever the app's own levels say.</summary>
    public void AddTo(IServiceCollection services, bool everything)
    {
        services.AddSingleton<ILoggerProvider>(this);
        if (everything)
            services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(LogCapture).FullName, null, LogLevel.Trace, null)));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder();
            text.Append(formatter(state, exception));
            Append(text, state);
            if (exception is not null) text.Append(" | exception: ").Append(exception);
            owner._scopes?.ForEachScope((scope, sb) => { sb.Append(" | scope: "); Append(sb, scope); }, text);
            owner._entries.Enqueue(new Entry(category, logLevel, text.ToString()));
        }

        private static void Append(StringBuilder text, object? state)
        {
            text.Append(" | ").Append(state);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values) text.Append(" | ").Append(key).Append('=').Append(value);
        }
    }
}
