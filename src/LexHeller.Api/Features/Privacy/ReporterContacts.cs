using System.Data.Common;
using Dapper;
using LexHeller.Api.Data;
using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Features.Privacy;

/// <summary>
/// The reporter's contact, kept apart from the report and sealed (<see cref="ReporterContactSealer"/>).
/// It is opened only here, and every opening is written to <c>reporter_contact_access</c> with who
/// opened it and why, in the same transaction as the read when there is one.
/// </summary>
public static class ReporterContacts
{
    /// <summary>Why a contact was opened: the steering group's view of the report.</summary>
    public const string ForTriage = "triage";

    /// <summary>Why a contact was opened: a responder's view of a referral (only when the reporter is not anonymous to parties).</summary>
    public const string ForReferral = "referral";

    /// <summary>Why a contact was opened: to address a notification to the reporter.</summary>
    public const string ForNotification = "notification";

    public const string ActionRead = "read";
    public const string ActionPurged = "purged";

    private const string Insert = """
        INSERT INTO reporter_contacts (report_id, sealed_contact, has_email, created_at)
        VALUES (@ReportId, @SealedContact, @HasEmail, @Now)
        """;

    private const string SelectSealed = """
        SELECT sealed_contact FROM reporter_contacts WHERE report_id = @ReportId AND sealed_contact IS NOT NULL
        """;

    private const string SelectHasEmail = """
        SELECT has_email FROM reporter_contacts WHERE report_id = @ReportId AND sealed_contact IS NOT NULL
        """;

    private const string Log = """
        INSERT INTO reporter_contact_access (id, report_id, action, actor, purpose, occurred_at)
        VALUES (@Id, @ReportId, @Action, @Actor, @Purpose, @Now)
        """;

    /// <summary>How the access log names a caller: a user by e-mail, an integration partner by its key's id, the service by its job.</summary>
    public static string ActorOf(Caller caller) => caller.Kind switch
    {
        CallerKind.User => caller.UserKey ?? "user",
        CallerKind.ApiClient => $"api-client:{caller.ApiClient!.Id:D}",
        CallerKind.System => $"system:{caller.UserKey}",
        _ => "anonymous",
    };

    /// <summary>Stores a new report's contact, sealed. Nothing is stored for an empty contact.</summary>
    public static async Task SaveAsync(DbSession session, ReporterContactSealer sealer, Guid reportId, ContactDetails details,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (details.IsEmpty)
            return;

        var connection = await session.ConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            ReportId = reportId,
            SealedContact = sealer.Seal(details),
            HasEmail = details.Email is not null,
            Now = now,
        }, session.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Whether the report has a contact with an e-mail address, answered without opening it.</summary>
    public static async Task<bool> HasEmailAsync(DbSession session, Guid reportId, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            SelectHasEmail, new { ReportId = reportId }, session.Transaction, cancellationToken: cancellationToken)) == true;
    }

    /// <summary>
    /// Opens the report's contact for <paramref name="actor"/> and logs that it did; null (and no log)
    /// when the report has none or it was purged.
    /// </summary>
    public static async Task<ContactDetails?> OpenAsync(DbConnection connection, DbTransaction? transaction, ReporterContactSealer sealer,
        Guid reportId, string actor, string purpose, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        var sealedContact = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            SelectSealed, new { ReportId = reportId }, transaction, cancellationToken: cancellationToken));
        return await OpenSealedAsync(connection, transaction, sealer, reportId, sealedContact, actor, purpose, now, logger, cancellationToken);
    }

    /// <summary>Opens a sealed contact the caller has read already (with its report), and logs the reading; null for none.</summary>
    public static async Task<ContactDetails?> OpenSealedAsync(DbConnection connection, DbTransaction? transaction, ReporterContactSealer sealer,
        Guid reportId, string? sealedContact, string actor, string purpose, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        if (sealedContact is null)
            return null;

        await LogAsync(connection, transaction, reportId, ActionRead, actor, purpose, now, cancellationToken);
        logger.LogInformation("Reporter contact of report {ReportId} read by {Actor} for {Purpose}", reportId, actor, purpose);
        return sealer.Open(reportId, sealedContact);
    }

    public static async Task<ContactDetails?> OpenAsync(DbSession session, ReporterContactSealer sealer, Guid reportId, Caller caller,
        string purpose, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken) =>
        await OpenAsync(await session.ConnectionAsync(cancellationToken), session.Transaction, sealer,
            reportId, ActorOf(caller), purpose, now, logger, cancellationToken);

    public static Task LogAsync(DbConnection connection, DbTransaction? transaction, Guid reportId, string action, string actor, string purpose,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(Log, new
        {
            Id = Guid.CreateVersion7(now),
            ReportId = reportId,
            Action = action,
            Actor = actor,
            Purpose = purpose,
            Now = now,
        }, transaction, cancellationToken: cancellationToken));
}
