using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LexHeller.Testing;

/// <summary>A logger provider that keeps every line the service logs (above the configured level), for assertions.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    /// <summary>The lines of <paramref name="category"/> (a type's full name) at <paramref name="level"/>.</summary>
    public IReadOnlyList<LogLine> Of(string category, LogLevel level) =>
        [.. _lines.Where(line => line.Category == category && line.Level == level)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    public sealed record LogLine(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> State);

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.First().Value)
                : new Dictionary<string, object?>();
            lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), values));
        }
    }
}
