using LexHeller.Api.Data;
using LexHeller.Api.Tests.Notifications;

namespace LexHeller.SqlServer.Tests;

public sealed class TwoInstancesOnSqlServerTests(SqlServerContainer sqlServer) : TwoInstancesContract
{
    protected override (IReadOnlyDictionary<string, string> Environment, DatabaseOptions Database) NewDatabase(string directory)
    {
        var connectionString = sqlServer.NewDatabaseConnectionString();
        return (new Dictionary<string, string>
        {
            ["Database__Provider"] = "sqlserver",
            ["ConnectionStrings__LexHeller"] = connectionString,
            // As in docker-compose.yml: the key ring in the database, shared by the instances.
            ["DataProtection__KeysDirectory"] = "",
        }, new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = connectionString });
    }

    protected override async Task<MailSink> StartMailSinkAsync()
    {
        if (SmtpSink.Unavailable() is { } reason)
            Assert.Skip(reason);
        var sink = new SmtpSink();
        await sink.StartAsync();
        return new MailSink(sink.Port, () => sink.Received().Select(message => (message.MessageId, message.Recipients)), sink);
    }
}
