using System.Collections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// The logger factory every part of the process logs through, with <see cref="SecretRedaction"/> applied
/// to each entry before any provider sees it: the formatted message, each structured value, the scopes
/// and the exception text. Redacting here, in the pipeline itself, covers what no middleware can: the
/// host's request logging runs before the first middleware and writes the full URL, query string
/// included. Filters and providers are the framework's own (a LoggerFactory inside), so
/// Logging:LogLevel and provider settings work as usual.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>Replaces the registered ILoggerFactory; providers added before or after this call are all covered.</summary>
    public static void Register(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            state is IEnumerable<KeyValuePair<string, object?>> values
                ? inner.BeginScope(new RedactedState(SecretRedaction.Redact(state.ToString() ?? ""), Redact(values)))
                : state is string text ? inner.BeginScope(SecretRedaction.Redact(text))
                : inner.BeginScope(state);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var message = SecretRedaction.Redact(formatter(state, exception));
            var values = state is IEnumerable<KeyValuePair<string, object?>> list ? Redact(list) : [];
            inner.Log(logLevel, eventId, new RedactedState(message, values), Redact(exception), static (s, _) => s.Message);
        }

        private static KeyValuePair<string, object?>[] Redact(IEnumerable<KeyValuePair<string, object?>> values) =>
            values.Select(kv => new KeyValuePair<string, object?>(kv.Key, Redact(kv.Value))).ToArray();

        /// <summary>Values that cannot hold a secret keep their type; others are masked when their text holds one.</summary>
        private static object? Redact(object? value)
        {
            if (value is null || value.GetType().IsPrimitive || value is Enum or decimal or DateTime or DateTimeOffset or TimeSpan or Guid)
                return value;
            var text = value is string s ? s : value.ToString() ?? "";
            var redacted = SecretRedaction.Redact(text);
            return ReferenceEquals(redacted, text) ? value : redacted;
        }

        /// <summary>
        /// An exception whose text holds a secret (a URL in a message) is replaced by one that prints the
        /// masked text; the type and stack stay readable in it. Others pass unchanged.
        /// </summary>
        private static Exception? Redact(Exception? exception)
        {
            if (exception is null) return null;
            var text = exception.ToString();
            var redacted = SecretRedaction.Redact(text);
            return ReferenceEquals(redacted, text) ? exception : new RedactedException(redacted);
        }
    }

    private sealed class RedactedException(string text) : Exception(text.Split('\n', 2)[0])
    {
        public override string ToString() => text;
    }

    /// <summary>What providers get as state: the masked message and values, in the shape structured sinks read.</summary>
    private sealed class RedactedState(string message, KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;
        public KeyValuePair<string, object?> this[int index] => values[index];
        public int Count => values.Length;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => message;
    }
}
