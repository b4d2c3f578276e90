using System.Data;
using DbUp.Engine;

namespace LexHeller.Api.Features.Notifications;

/// <summary>
/// Migration 0017, in code because SQL has no SHA-256 on SQLite: gives every outbox message queued under a dedup
/// key longer than <see cref="OutboxKeys.MaxLength"/> the key <see cref="OutboxKeys.For"/> makes for it now.
/// Only a SQLite database can hold one (SQL Server refused them, Msg 2628); rewritten, the message is found when it
/// is asked for again (it is not queued twice), and the database copies to SQL Server. Keys that fit are left as
/// they are: <see cref="OutboxKeys.For"/> still makes them so.
/// </summary>
public sealed class BoundOutboxKeys : IScript
{
    public const string Name = "0017_bound_outbox_keys";

    // The 201st character (one past OutboxKeys.MaxLength) is empty for a key that fits, on both engines: no LEN/LENGTH dialect here.
    private const string SelectLong = """
        SELECT id, dedup_key, kind, recipient FROM outbox_messages
        WHERE SUBSTRING(dedup_key, 201, 1) <> ''
        """;

    private const string Rewrite = "UPDATE outbox_messages SET dedup_key = @DedupKey WHERE id = @Id";

    public string ProvideScript(Func<IDbCommand> dbCommandFactory)
    {
        var rows = new List<(object Id, string Key)>();
        using (var select = dbCommandFactory())
        {
            select.CommandText = SelectLong;
            using var reader = select.ExecuteReader();
            while (reader.Read())
                rows.Add((reader.GetValue(0), OutboxKeys.Bounded(reader.GetString(1), reader.GetString(2), reader.GetString(3))));
        }

        foreach (var (id, key) in rows)
        {
            using var update = dbCommandFactory();
            update.CommandText = Rewrite;
            Add(update, "@DedupKey", key);
            Add(update, "@Id", id);
            update.ExecuteNonQuery();
        }

        // What DbUp runs after the code: nothing more is needed.
        return "SELECT 1";
    }

    private static void Add(IDbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
