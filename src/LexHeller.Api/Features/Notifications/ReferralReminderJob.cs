using Dapper;
using LexHeller.Api.Data.Resilience;
using LexHeller.Api.Infrastructure;
using LexHeller.Api.Infrastructure.Jobs;
using LexHeller.Api.Infrastructure.Mail;

namespace LexHeller.Api.Features.Notifications;

/// <summary>
/// Reminds a party of an open referral twice at most: once when the due date is
/// <see cref="NotificationOptions.ReminderDaysBeforeDue"/> days away or closer (until the due date
/// itself), and once when it has passed. Days are Swedish days. Each reminder is queued and marked
/// in one transaction per referral, and the mark is set only where it was still empty, so each is
/// sent once, even with several instances; an answered referral is never reminded.
/// </summary>
public sealed class ReferralReminderJob(
    IServiceScopeFactory scopes,
    DatabaseResilience resilience,
    NotificationOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ReferralReminderJob> logger) : PeriodicJob(time, lifetime, logger)
{
    private const string SelectDue = """
        SELECT r.id, r.report_id, r.party_id, r.due_on, p.reference
        FROM referrals r
        JOIN reports p ON p.id = r.report_id
        WHERE r.status = 'open'
          AND ((r.reminded_before_at IS NULL AND r.due_on >= @Today AND r.due_on <= @RemindFrom)
            OR (r.reminded_after_at IS NULL AND r.due_on < @Today))
        ORDER BY r.due_on, r.id
        """;

    private const string MarkRemindedBefore = """
        UPDATE referrals SET reminded_before_at = @Now
        WHERE id = @Id AND status = 'open' AND due_on = @DueOn AND reminded_before_at IS NULL
        """;

    private const string MarkRemindedAfter = """
        UPDATE referrals SET reminded_after_at = @Now
        WHERE id = @Id AND status = 'open' AND due_on = @DueOn AND reminded_after_at IS NULL
        """;

    // Overdue by EscalateAfterDaysOverdue days, not yet escalated, and the party has a manager contact to tell.
    private const string SelectToEscalate = """
        SELECT r.id, r.report_id, r.party_id, r.due_on, p.reference, pa.name AS party, pa.manager_email
        FROM referrals r
        JOIN reports p ON p.id = r.report_id
        JOIN parties pa ON pa.id = r.party_id
        WHERE r.status = 'open' AND r.escalated_at IS NULL AND r.due_on <= @EscalateDueOn AND pa.manager_email IS NOT NULL
        ORDER BY r.due_on, r.id
        """;

    private const string MarkEscalated = """
        UPDATE referrals SET escalated_at = @Now
        WHERE id = @Id AND status = 'open' AND due_on = @DueOn AND escalated_at IS NULL
        """;

    private const string PartyName = "SELECT name FROM parties WHERE id = @PartyId";

    protected override TimeSpan Interval => options.ReminderInterval;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var today = SwedishCalendar.Today(Time);
        List<DueReferral> due;
        // The read is run again after a transient fault; each reminder's transaction is not (a failed one is
        // logged and tried on the next pass, where its conditional mark and the outbox's dedup key keep it single).
        due = await resilience.ExecuteAsync("ReferralReminderJob.SelectDue", async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            return (await session.QueryAsync<DueReferral>(SelectDue,
                new { Today = today, RemindFrom = today.AddDays(options.ReminderDaysBeforeDue) }, ct)).AsList();
        }, cancellationToken);

        foreach (var referral in due)
        {
            try
            {
                await RemindAsync(referral, overdue: referral.DueOn < today, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One referral that cannot be handled must not hold back the others; it is tried again next time.
                Logger.LogError(exception, "Reminding about referral {ReferralId} failed", referral.Id);
            }
        }

        if (options.EscalateAfterDaysOverdue > 0)
            await EscalateAsync(today, cancellationToken);
        return false;
    }

    /// <summary>
    /// Tells the party's manager contact, once, of each referral overdue by <see cref="NotificationOptions.EscalateAfterDaysOverdue"/>
    /// days: marked and queued in one transaction per referral, like the reminders.
    /// </summary>
    private async Task EscalateAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var due = await resilience.ExecuteAsync("ReferralReminderJob.SelectToEscalate", async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            return (await session.QueryAsync<EscalatedReferral>(SelectToEscalate,
                new { EscalateDueOn = today.AddDays(-options.EscalateAfterDaysOverdue) }, ct)).AsList();
        }, cancellationToken);

        foreach (var referral in due)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var session = scope.ServiceProvider.GetRequiredService<DbSession>();
                var now = Time.GetUtcNow();
                await session.BeginTransactionAsync(cancellationToken);
                if (await session.ExecuteAsync(MarkEscalated, new { referral.Id, referral.DueOn, Now = now }, cancellationToken) != 1)
                {
                    await session.RollbackAsync();
                    continue;
                }

                var dueOn = Format(referral.DueOn);
                await Notifier.NotifyAddressAsync(session, referral.ReportId, referral.ManagerEmail, Notifier.KindManagerEscalation, referral.Id.ToString("N"),
                    $"Remiss om avvikelse {referral.Reference} till {referral.Party} är försenad sedan {dueOn}",
                    $"""
                    Hej!

                    Du är angiven som chefskontakt för {referral.Party} i samordningsförbundets avvikelsetjänst.

                    Samordningsförbundet skickade en remiss om avvikelse {referral.Reference} till {referral.Party}.
                    Svaret skulle ha lämnats senast {dueOn} och har ännu inte kommit in, trots påminnelse.

                    Se till att remissen besvaras så snart som möjligt, eller kontakta samordningsförbundet
                    om ni behöver mer tid.
                    """, MailLinks.Referral(referral.Id), now, cancellationToken);
                await session.CommitAsync(cancellationToken);
                Logger.LogInformation("Referral {ReferralId} of report {ReportId}: escalated to the party's manager contact (due {DueOn})",
                    referral.Id, referral.ReportId, referral.DueOn);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Logger.LogError(exception, "Escalating referral {ReferralId} failed", referral.Id);
            }
        }
    }

    private async Task RemindAsync(DueReferral referral, bool overdue, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var now = Time.GetUtcNow();
        await session.BeginTransactionAsync(cancellationToken);
        var marked = await session.ExecuteAsync(overdue ? MarkRemindedAfter : MarkRemindedBefore,
            new { referral.Id, referral.DueOn, Now = now }, cancellationToken);
        if (marked != 1)
        {
            // Answered, re-dated or reminded by another instance since it was read.
            await session.RollbackAsync();
            return;
        }

        var (kind, subject, body) = overdue ? AfterDue(referral) : BeforeDue(referral);
        await Notifier.NotifyPartyAsync(session, referral.PartyId, referral.ReportId, kind, referral.Id.ToString("D"),
            subject, body, now, cancellationToken);
        if (overdue)
        {
            var party = await session.QuerySingleAsync<string>(PartyName, new { referral.PartyId }, cancellationToken);
            var (groupSubject, groupBody) = GroupMessages.Overdue(referral.Reference, party, Format(referral.DueOn));
            await Notifier.NotifyGroupAsync(session, referral.ReportId, Notifier.KindGroupOverdue, referral.Id.ToString("N"),
                groupSubject, groupBody, now, cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
        Logger.LogInformation("Referral {ReferralId} of report {ReportId}: {Kind} queued (due {DueOn})",
            referral.Id, referral.ReportId, kind, referral.DueOn);
    }

    private static (string Kind, string Subject, string Body) BeforeDue(DueReferral referral)
    {
        var due = Format(referral.DueOn);
        return (Notifier.KindReminderBeforeDue,
            $"Påminnelse: remiss om avvikelse {referral.Reference} ska besvaras senast {due}",
            $"""
            Hej!

            Er organisation har fått en remiss från samordningsförbundet om avvikelse {referral.Reference}.
            Svaret ska lämnas senast {due}.

            Öppna remissen med länken nedan för att läsa den och svara.
            """);
    }

    private static (string Kind, string Subject, string Body) AfterDue(DueReferral referral)
    {
        var due = Format(referral.DueOn);
        return (Notifier.KindReminderAfterDue,
            $"Påminnelse: remiss om avvikelse {referral.Reference} skulle ha besvarats senast {due}",
            $"""
            Hej!

            Svaret på samordningsförbundets remiss om avvikelse {referral.Reference} skulle ha lämnats senast {due}
            och har ännu inte kommit in.

            Besvara remissen så snart som möjligt (länken nedan leder till den), eller kontakta samordningsförbundet
            om ni behöver mer tid.
            """);
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class EscalatedReferral
    {
        public Guid Id { get; init; }
        public Guid ReportId { get; init; }
        public DateOnly DueOn { get; init; }
        public string Reference { get; init; } = "";
        public string Party { get; init; } = "";
        public string ManagerEmail { get; init; } = "";
    }

    private sealed class DueReferral
    {
        public Guid Id { get; init; }
        public Guid ReportId { get; init; }
        public Guid PartyId { get; init; }
        public DateOnly DueOn { get; init; }
        public string Reference { get; init; } = "";
    }
}
