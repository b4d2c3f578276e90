using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure;
using LexHeller.Api.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Triage;

/// <summary>Refer the report to a party with a question and a due date (the association's default deadline unless given).</summary>
public static class ReferReport
{
    public const int QuestionMaxLength = 2000;

    [Description("A referral of the report to one party.")]
    public sealed record Command(
        [property: Description("The party asked to answer; a party of the report's association.")] Guid? PartyId,
        [property: Description("What the party is asked to answer.")] string? Question,
        [property: Description("When the answer is due (YYYY-MM-DD); the association's default deadline when left out.")] DateOnly? DueDate = null)
        : TriageCommand
    {
        public override IEnumerable<(string Field, string? Text)> FreeText() => [("question", Question), ("reason", Reason)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(c => c.Reason).WrittenReason();
            RuleFor(c => c.PartyId).NotNull();
            RuleFor(c => c.Question).FreeText(QuestionMaxLength);
            RuleFor(c => c.DueDate)
                .Must(date => date is null || (date > SwedishCalendar.Today(time) && date <= SwedishCalendar.Today(time).AddYears(1)))
                .WithMessage("The due date must be after today and within a year.");
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, ReportStateResponse>
    {
        private const string Party = """
            SELECT p.name, s.answer_deadline_days
            FROM parties p JOIN associations s ON s.id = @AssociationId
            WHERE p.id = @PartyId AND p.association_id = @AssociationId
            """;

        private const string Contacts = "SELECT COUNT(*) FROM party_members WHERE party_id = @PartyId";

        private const string OpenReferral = "SELECT COUNT(*) FROM referrals WHERE report_id = @ReportId AND party_id = @PartyId AND status = 'open'";

        private const string Insert = """
            INSERT INTO referrals (id, report_id, party_id, question, due_on, status, created_at)
            VALUES (@Id, @ReportId, @PartyId, @Question, @DueOn, 'open', @Now)
            """;

        public async ValueTask<ReportStateResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var report = await TriageGuard.LoadForChangeAsync(session, caller, command, cancellationToken);
            var party = await session.QuerySingleOrDefaultAsync<PartyRow>(
                Party, new { report.AssociationId, command.PartyId }, cancellationToken)
                ?? throw ValidationFailures.Invalid(nameof(Command.PartyId), "The party is not a party of the report's association.");
            // A referral nobody receives would die in silence: the party needs a contact person first.
            if (await session.ScalarAsync<int>(
                    Contacts, new { command.PartyId }, cancellationToken) == 0)
            {
                throw new Infrastructure.Problems.ConflictException(Infrastructure.Problems.ConflictTitles.PartyWithoutContact,
                    $"{party.Name} has no contact person in Lex Heller, so nobody would receive the referral. "
                    + $"An administrator adds one with PUT /api/v1/admin/parties/{command.PartyId}/contacts/{{email}}.");
            }

            if (await session.ScalarAsync<int>(
                    OpenReferral, new { ReportId = report.Id, command.PartyId }, cancellationToken) > 0)
                throw new Infrastructure.Problems.ConflictException(Infrastructure.Problems.ConflictTitles.AlreadyReferred, $"{party.Name} already has an open referral of this report.");

            var now = time.GetUtcNow();
            var dueOn = command.DueDate ?? SwedishCalendar.Today(time).AddDays(party.AnswerDeadlineDays);
            var referralId = Guid.CreateVersion7(now);
            var updated = await ReportTransitions.ApplyAsync(session, report, ReportAction.Refer, null, ReportEvents.Referred,
                Actor.Of(caller), command.Reason!, now, cancellationToken,
                JsonSerializer.Serialize(new { referralId, partyId = command.PartyId, party = party.Name, dueOn = dueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }));
            await session.ExecuteAsync(Insert, new
            {
                Id = referralId,
                ReportId = report.Id,
                PartyId = command.PartyId!.Value,
                Question = command.Question!.Trim(),
                DueOn = dueOn,
                Now = now,
            }, cancellationToken);

            var due = dueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await Notifier.NotifyPartyAsync(session, command.PartyId.Value, report.Id, Notifier.KindReferral, referralId.ToString("N"),
                $"Remiss: avvikelse {report.Reference} att besvara senast {due}",
                $"Styrgruppen ber {party.Name} att besvara en avvikelse ({report.Reference}) senast {due}.\n\nFråga:\n{command.Question!.Trim()}\n\n"
                + "Öppna remissen med länken nedan för att läsa avvikelsen och svara.",
                now, cancellationToken);
            await Notifier.NotifyReporterAsync(session, report.Id, Notifier.KindReferralToReporter, referralId.ToString("N"),
                $"Din avvikelse {report.Reference} har skickats till {party.Name}",
                $"Styrgruppen har bett {party.Name} att svara på avvikelsen {report.Reference}. Du ser svaret på kvittosidan när det har kommit.",
                now, cancellationToken);
            return ReportStateResponse.From(updated);
        }

        private sealed class PartyRow
        {
            public string Name { get; init; } = "";
            public int AnswerDeadlineDays { get; init; }
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapStateChange("/referrals", Endpoint, "ReferReport", "Refer the report to a party with a question and a due date");

    public static Task<Ok<ReportStateResponse>> Endpoint(Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, [FromBody] Command command,
        IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken) =>
        TriageGuard.SendAsync(command, id, ifMatch, mediator, httpContext, cancellationToken);
}
