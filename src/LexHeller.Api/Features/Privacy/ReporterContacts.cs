namespace LexHeller.Api.Features.Privacy;

/// <summary>
/// The reporter's contact, kept apart from the report and sealed (<see cref="ReporterContactSealer"/>).
/// It is opened only here, and every opening is written to <c>reporter_contact_access</c> with who
/// opened it and why, in the same transaction as the read when there is one, else in one of its own.
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

    private const string KeepToken = """
        UPDATE reporter_contacts SET sealed_receipt_token = @SealedToken
        WHERE report_id = @ReportId AND sealed_contact IS NOT NULL AND has_email = 1
        """;

    private const string SelectSealedToken = """
        SELECT sealed_receipt_token FROM reporter_contacts WHERE report_id = @ReportId AND sealed_contact IS NOT NULL
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

        await session.ExecuteAsync(Insert, new
        {
            ReportId = reportId,
            SealedContact = sealer.Seal(details),
            HasEmail = details.Email is not null,
            Now = now,
        }, cancellationToken);
    }

    /// <summary>
    /// Keeps the report's receipt token sealed with its contact when the contact has an e-mail address (ADR 6): the
    /// reporter gave the address for mail about the report, which then links straight to the receipt. It goes when the
    /// contact is purged (<see cref="ReporterContactRetentionJob"/>); the receipt itself still knows only the token's hash.
    /// </summary>
    public static Task<int> KeepReceiptTokenAsync(DbSession session, ReporterContactSealer sealer, Guid reportId, string receiptToken,
        CancellationToken cancellationToken) =>
        session.ExecuteAsync(KeepToken, new { ReportId = reportId, SealedToken = sealer.SealReceiptToken(receiptToken) }, cancellationToken);

    /// <summary>The receipt token kept with the report's contact, opened to link a mail to the reporter; null when none is kept.</summary>
    public static async Task<string?> OpenReceiptTokenAsync(DbSession session, ReporterContactSealer sealer, Guid reportId, CancellationToken cancellationToken) =>
        await session.QuerySingleOrDefaultAsync<string>(SelectSealedToken, new { ReportId = reportId }, cancellationToken) is { } sealedToken
            ? sealer.OpenReceiptToken(reportId, sealedToken)
            : null;

    /// <summary>Whether the report has a contact with an e-mail address, answered without opening it.</summary>
    public static async Task<bool> HasEmailAsync(DbSession session, Guid reportId, CancellationToken cancellationToken) =>
        await session.QuerySingleOrDefaultAsync<bool?>(
            SelectHasEmail, new { ReportId = reportId }, cancellationToken) == true;

    /// <summary>
    /// Opens the report's contact for <paramref name="actor"/> and logs that it did; null (and no log)
    /// when the report has none or it was purged.
    /// </summary>
    public static async Task<ContactDetails?> OpenAsync(DbSession session, ReporterContactSealer sealer,
        Guid reportId, string actor, string purpose, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        var sealedContact = await session.QuerySingleOrDefaultAsync<string>(
            SelectSealed, new { ReportId = reportId }, cancellationToken);
        return await OpenSealedAsync(session, sealer, reportId, sealedContact, actor, purpose, now, logger, cancellationToken);
    }

    /// <summary>
    /// Opens a sealed contact the caller has read already (with its report), and logs the reading; null for none.
    /// The log is written in the session's transaction, or, for a query (which has none), in a transaction of its
    /// own that is committed before the contact is opened: a reading that could not be logged discloses nothing
    /// (ADR 12, amendment of issue 17).
    /// </summary>
    public static async Task<ContactDetails?> OpenSealedAsync(DbSession session, ReporterContactSealer sealer,
        Guid reportId, string? sealedContact, string actor, string purpose, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        if (sealedContact is null)
            return null;

        await session.InTransactionAsync(ct => LogAsync(session, reportId, ActionRead, actor, purpose, now, ct), cancellationToken);
        logger.LogInformation("Reporter contact of report {ReportId} read by {Actor} for {Purpose}", reportId, actor, purpose);
        return sealer.Open(reportId, sealedContact);
    }

    public static Task<ContactDetails?> OpenAsync(DbSession session, ReporterContactSealer sealer, Guid reportId, Caller caller,
        string purpose, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken) =>
        OpenAsync(session, sealer, reportId, ActorOf(caller), purpose, now, logger, cancellationToken);

    /// <summary>Writes one entry of the access log, in the session's transaction.</summary>
    public static Task<int> LogAsync(DbSession session, Guid reportId, string action, string actor, string purpose,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        session.ExecuteAsync(Log, new
        {
            Id = Guid.CreateVersion7(now),
            ReportId = reportId,
            Action = action,
            Actor = actor,
            Purpose = purpose,
            Now = now,
        }, cancellationToken);
}
