using System.Diagnostics;

namespace LexHeller.Api.Data;

/// <summary>
/// Spans of <c>LexHeller.Data</c> for a request's database work, opened by <see cref="DbSession"/> so that no
/// handler has to: one for the session (first connection to disposal) and one per transaction. SQLite has no
/// instrumentation of its own; on SQL Server SqlClient's spans (each command) come on top. Tagged with the
/// engine and the transaction's outcome only, never a statement's parameters.
/// </summary>
public static class DataTelemetry
{
    public const string SourceName = "LexHeller.Data";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span for the session, when a trace is under way (a request's); background polls start none.</summary>
    public static Activity? StartSession(DatabaseProvider provider) =>
        Activity.Current is null ? null : Start("db.session", provider);

    public static Activity? StartTransaction(DatabaseProvider provider) =>
        Activity.Current is null ? null : Start("db.transaction", provider);

    /// <summary>Ends a transaction's span with its outcome (<c>commit</c> or <c>rollback</c>).</summary>
    public static void End(Activity? activity, string outcome)
    {
        if (activity is null)
            return;
        // A rollback is no error in itself: a refused command (validation, a stale ETag) rolls back too.
        activity.SetTag("lexheller.db.outcome", outcome);
        activity.Dispose();
    }

    private static Activity? Start(string name, DatabaseProvider provider)
    {
        var (system, systemName) = provider == DatabaseProvider.SqlServer ? ("mssql", "microsoft.sql_server") : ("sqlite", "sqlite");
        var activity = Source.StartActivity(name, ActivityKind.Client);
        activity?.SetTag("db.system", system);
        activity?.SetTag("db.system.name", systemName);
        return activity;
    }
}
