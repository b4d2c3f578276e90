using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace LexHeller.Bench;

/// <summary>
/// Issue 8, point 2: SQLite's plan for every statement that the queue listing, the report (API and triage
/// page) and the receipt run. The statements are read from the published service itself (its SQL
/// constants, through a metadata-only load), so the plans are those of the build that was timed, and
/// each is explained on the generated database with its parameters bound. Printed as markdown.
/// </summary>
public static partial class QueryPlans
{
    /// <summary>The handlers behind the timed requests, and the SQL constants of each (all of them, unless named).</summary>
    private static readonly (string Read, string Type, string[] Fields)[] Sources =
    [
        ("Queue listing", "LexHeller.Api.Features.Triage.GetQueueReports+Handler", []),
        ("My queues (the queue overview; the triage page reads it for its queue list)", "LexHeller.Api.Features.Triage.GetMyQueues+Handler", []),
        ("Report", "LexHeller.Api.Features.Reports.GetReport+Handler", []),
        ("Report: access check", "LexHeller.Api.Features.Reports.ReportAccess", []),
        ("Report history (the triage page)", "LexHeller.Api.Features.Reports.ReportTransitions", ["Load"]),
        ("Report history (the triage page)", "LexHeller.Api.Features.Triage.GetHistory+Handler", []),
        ("Similar reports (the triage page)", "LexHeller.Api.Features.Reports.GetSimilarReports+Handler", []),
        ("Reference data (the triage page)", "LexHeller.Api.Features.ReferenceData.GetReferenceData+Handler", []),
        ("Receipt", "LexHeller.Api.Features.Receipts.GetReceipt+Handler", []),
    ];

    [GeneratedRegex(@"^\s*(SELECT|WITH)\b")]
    private static partial Regex Query();

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Parameter();

    public static void Print(string database, string serviceDll)
    {
        var serviceDirectory = Path.GetDirectoryName(Path.GetFullPath(serviceDll))!;
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var aspNet = Directory.GetDirectories(Path.Combine(runtime, "..", "..", "Microsoft.AspNetCore.App")).OrderDescending().FirstOrDefault();
        var paths = Directory.GetFiles(runtime, "*.dll").Concat(Directory.GetFiles(serviceDirectory, "*.dll"))
            .Concat(aspNet is null ? [] : Directory.GetFiles(aspNet, "*.dll"));
        using var metadata = new MetadataLoadContext(new PathAssemblyResolver(paths));
        var service = metadata.LoadFromAssemblyPath(Path.GetFullPath(serviceDll));

        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var values = SampleValues(connection);
        Console.WriteLine($"# Query plans on {Path.GetFileName(database)} ({SqliteRead.Scalar(connection, "SELECT COUNT(*) FROM reports")} reports), SQLite {connection.ServerVersion}");
        Console.WriteLine();
        Console.WriteLine("Each statement as the service runs it (read from the published build), explained with `EXPLAIN QUERY PLAN`.");
        Console.WriteLine("`SEARCH … USING INDEX` seeks; `SCAN` reads a whole table or index; `USE TEMP B-TREE` sorts.");
        Console.WriteLine();

        foreach (var (read, typeName, fields) in Sources)
        {
            var type = service.GetType(typeName) ?? throw new InvalidOperationException($"{typeName} is not in {serviceDll}.");
            var constants = type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(field => field.IsLiteral && field.GetRawConstantValue() is string).ToList();
            foreach (var field in constants.Where(field => fields.Length == 0 || fields.Contains(field.Name)))
            {
                // A part that whole statements are built from (GetQueueReports.Columns) is explained within them.
                if (field.GetRawConstantValue() is not string sql || !Query().IsMatch(sql)
                    || constants.Any(other => other != field && ((string)other.GetRawConstantValue()!).Contains(sql.Trim(), StringComparison.Ordinal)))
                    continue;
                // The queue page is completed by the dialect (SqliteDialect.TakeRows).
                if (typeName.Contains("GetQueueReports", StringComparison.Ordinal) && field.Name.StartsWith("Page", StringComparison.Ordinal))
                    sql += " LIMIT @Take";
                var statements = sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var i = 0; i < statements.Length; i++)
                {
                    Console.WriteLine($"## {read}: `{type.Name}.{field.Name}`{(statements.Length > 1 ? $" ({i + 1} of {statements.Length})" : "")}");
                    Console.WriteLine();
                    Console.WriteLine("```sql");
                    Console.WriteLine(Dedent(statements[i]));
                    Console.WriteLine("```");
                    Console.WriteLine();
                    Console.WriteLine("```");
                    Console.WriteLine(Explain(connection, statements[i], values));
                    Console.WriteLine("```");
                    Console.WriteLine();
                }
            }
        }
    }

    private static string Explain(SqliteConnection connection, string sql, IReadOnlyDictionary<string, object?> values)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in Parameter().Matches(sql).Select(match => match.Groups[1].Value).Distinct())
            command.Parameters.AddWithValue("@" + name, values.GetValueOrDefault(name) ?? DBNull.Value);
        var depth = new Dictionary<long, int> { [0] = -1 };
        var plan = new StringBuilder();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var level = depth.GetValueOrDefault(reader.GetInt64(1), -1) + 1;
            depth[reader.GetInt64(0)] = level;
            plan.Append(new string(' ', 2 * level)).Append("- ").AppendLine(reader.GetString(3));
        }

        return plan.ToString().TrimEnd();
    }

    /// <summary>Plausible arguments: the generated association's queue, a generated report, the demo triager, a receipt.</summary>
    private static Dictionary<string, object?> SampleValues(SqliteConnection connection)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var report = (string?)SqliteRead.Scalar(connection, "SELECT id FROM reports WHERE channel = 'api' ORDER BY rowid DESC LIMIT 1");
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["QueueId"] = SqliteRead.Scalar(connection, "SELECT q.id FROM queues q JOIN associations a ON a.id = q.association_id WHERE a.code = 'hoglandet' ORDER BY q.created_at LIMIT 1"),
            ["AssociationId"] = SqliteRead.Scalar(connection, "SELECT id FROM associations WHERE code = 'hoglandet'"),
            ["Id"] = report,
            ["ReportId"] = report,
            ["UserKey"] = "triager@demo.lexheller.example",
            ["Status"] = "needs-info",
            ["Overdue"] = 0,
            ["Today"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Take"] = 26,
            ["TokenHash"] = SqliteRead.Scalar(connection, "SELECT token_hash FROM receipts WHERE report_id = $p", report),
            ["From"] = today.AddDays(-90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00.0000000Z",
            ["To"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00.0000000Z",
        };
    }

    private static string Dedent(string sql)
    {
        var lines = sql.Split('\n').Select(line => line.TrimEnd()).ToList();
        var indent = lines.Skip(1).Where(line => line.Length > 0).Select(line => line.Length - line.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select((line, i) => i == 0 ? line.TrimStart() : line.Length >= indent ? line[indent..] : line.TrimStart()));
    }
}
