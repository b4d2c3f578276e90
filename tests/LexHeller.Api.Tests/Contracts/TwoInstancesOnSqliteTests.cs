using LexHeller.Api.Data;
using LexHeller.Api.Tests.Notifications;

namespace LexHeller.Api.Tests.Contracts;

/// <summary>Two service processes on one SQLite file: correct, though SQLite is the engine for one instance (ADR 12).</summary>
public sealed class TwoInstancesOnSqliteTests : TwoInstancesContract
{
    protected override (IReadOnlyDictionary<string, string> Environment, DatabaseOptions Database) NewDatabase(string directory) =>
        // ApiProcess runs the service on SQLite in the directory's lexheller.db by default.
        (new Dictionary<string, string>(),
            new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(directory, "lexheller.db")}" });

    protected override async Task<MailSink> StartMailSinkAsync()
    {
        if (SmtpSink.Unavailable() is { } reason)
            Assert.Skip(reason);
        var sink = new SmtpSink();
        await sink.StartAsync();
        return new MailSink(sink.Port, () => sink.Received().Select(message => (message.MessageId, message.Recipients)), sink);
    }
}
