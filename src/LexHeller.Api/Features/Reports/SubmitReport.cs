using System.ComponentModel.DataAnnotations;
using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Patterns;
using LexHeller.Api.Features.Privacy;
using LexHeller.Api.Features.Receipts;
using LexHeller.Api.Infrastructure;
using LexHeller.Api.Infrastructure.Idempotency;
using LexHeller.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Reports;

/// <summary>File a deviation report: one transaction stores it, its reference, receipt and first event.</summary>
public static class SubmitReport
{
    public const int DescriptionMaxLength = 4000;
    public const int TextMaxLength = 2000;
    public const int MaxInvolvedParties = 10;

    /// <summary>The error code of a refusal by a category that blocks submission: its message is the category's notice.</summary>
    public const string BlockedCategoryErrorCode = "CategoryBlocksSubmission";

    [Description("Optional contact details of the reporter. Shown to triagers only, never to analysts.")]
    public sealed record ReporterContact(
        [property: Description("The reporter's name.")] string? Name = null,
        [property: Description("The reporter's role, e.g. 'handläggare'.")] string? Role = null,
        [property: Description("E-mail for notifications about the report: one bare address (name@example.se, no display name), at most 254 characters.")] string? Email = null,
        [property: Description("Phone number.")] string? Phone = null,
        [property: Description("Hide the reporter's identity from the responding parties.")] bool? AnonymousToParties = null)
    {
        public ReporterContact Normalized() => new(Trim(Name), Trim(Role), EmailRules.Normalize(Email), Trim(Phone), AnonymousToParties);
    }

    [Description("A deviation report. Text fields are trimmed; none may contain a personal identity number.")]
    public sealed record Command(
        [property: Required, Description("The association's code, from reference data.")] string? AssociationCode,
        [property: Required, Description("The area's code within the association.")] string? AreaCode,
        [property: Required, Description("When it happened (YYYY-MM-DD); not in the future.")] DateOnly? EventDate,
        [property: Required, Description("Whether it occurred or was a risk (near miss).")] ReportKind? Kind,
        [property: Required, Description("The reporter's own party.")] Guid? ReporterPartyId,
        [property: Required, Description("The parties where collaboration failed (1–10).")] IReadOnlyList<Guid>? InvolvedPartyIds,
        [property: Required, Description("The reporter's suggested failure category code.")] string? SuggestedCategory,
        [property: Required, Description("What happened, de-identified (at most 4000 characters).")] string? Description,
        [property: Required, Description("The consequence for the individual (at most 2000 characters).")] string? Consequence,
        [property: Description("Actions already taken (at most 2000 characters).")] string? ActionsTaken = null,
        [property: Description("Suggested improvement (at most 2000 characters).")] string? SuggestedImprovement = null,
        [property: Description("The affected person's gender, for statistics only.")] AffectedGender? AffectedGender = null,
        [property: Description("Optional contact details; leave out to report without them.")] ReporterContact? Reporter = null) : ICommand<Result>, IHaveFreeText, IIdempotentCommand
    {
        [JsonIgnore]
        public string? IdempotencyKey { get; init; }

        public Command Normalized() => this with
        {
            AssociationCode = Codes.Canonical(AssociationCode),
            AreaCode = Codes.Canonical(AreaCode),
            SuggestedCategory = Codes.Canonical(SuggestedCategory),
            Description = Trim(Description),
            Consequence = Trim(Consequence),
            ActionsTaken = Trim(ActionsTaken) ?? "",
            SuggestedImprovement = Trim(SuggestedImprovement) ?? "",
            Reporter = Reporter?.Normalized(),
        };

        public IEnumerable<(string Field, string? Text)> FreeText() =>
        [
            ("description", Description),
            ("consequence", Consequence),
            ("actionsTaken", ActionsTaken),
            ("suggestedImprovement", SuggestedImprovement),
            ("reporter.name", Reporter?.Name),
            ("reporter.role", Reporter?.Role),
        ];
    }

    public sealed record Response(Guid Id, string Reference, string ReceiptToken, ReportStatus Status);

    public sealed record Result(Response Response, bool Replayed);

    public sealed class Validator : AbstractValidator<Command>
    {
        public const int AnonymousIdempotencyKeyMinLength = 20;

        public Validator(IntakeReferenceData referenceData, CallerContext callerContext, TimeProvider time)
        {
            // Later rules of a field assume its earlier ones held (NotEmpty before a lookup).
            RuleLevelCascadeMode = CascadeMode.Stop;

            RuleFor(c => c.AssociationCode).NotEmpty().MaximumLength(50)
                .MustAsync(async (code, ct) => await referenceData.FindAsync(code!, ct) is not null)
                .WithMessage(c => $"Unknown association '{c.AssociationCode}'.");

            When(c => !string.IsNullOrEmpty(c.AssociationCode), () =>
            {
                RuleFor(c => c.AreaCode).NotEmpty().MaximumLength(50)
                    .MustAsync(async (c, code, ct) => await Association(c, ct) is not { } a || a.AreaIdsByCode.ContainsKey(code!))
                    .WithMessage(c => $"Unknown area '{c.AreaCode}' in association '{c.AssociationCode}'.");
                RuleFor(c => c.ReporterPartyId).NotNull()
                    .MustAsync(async (c, id, ct) => await Association(c, ct) is not { } a || a.PartyKinds.ContainsKey(id!.Value))
                    .WithMessage("The reporter's party is not a party of the association.");
                RuleForEach(c => c.InvolvedPartyIds)
                    .MustAsync(async (c, id, ct) => await Association(c, ct) is not { } a || a.PartyKinds.ContainsKey(id))
                    .WithMessage((_, id) => $"Party '{id}' is not a party of the association.");
                RuleFor(c => c.SuggestedCategory).NotEmpty().MaximumLength(50)
                    .MustAsync(async (c, code, ct) => await Association(c, ct) is not { } a || a.ActiveCategories.Contains(code!))
                    .WithMessage(c => $"Unknown category '{c.SuggestedCategory}'.");
                // A category may turn the report away, with its notice saying where it belongs instead.
                RuleFor(c => c.SuggestedCategory).CustomAsync(async (code, context, ct) =>
                {
                    if (code is not null && await Association(context.InstanceToValidate, ct) is { } a && a.BlockingNotices.TryGetValue(code, out var notice))
                        context.AddFailure(new FluentValidation.Results.ValidationFailure(context.PropertyPath, notice, code) { ErrorCode = BlockedCategoryErrorCode });
                });
            });

            RuleFor(c => c.EventDate).NotNull()
                .Must(date => date >= new DateOnly(2000, 1, 1) && date <= SwedishCalendar.Today(time))
                .WithMessage("The event date must be a date between 2000-01-01 and today.");
            RuleFor(c => c.Kind).NotNull();
            RuleFor(c => c.InvolvedPartyIds).NotEmpty()
                .Must(ids => ids!.Count <= MaxInvolvedParties).WithMessage($"At most {MaxInvolvedParties} involved parties.")
                .Must(ids => ids!.Distinct().Count() == ids!.Count).WithMessage("Each involved party may be named once.");
            RuleFor(c => c.Description).NotEmpty().MaximumLength(DescriptionMaxLength).NoControlCharacters();
            RuleFor(c => c.Consequence).NotEmpty().MaximumLength(TextMaxLength).NoControlCharacters();
            RuleFor(c => c.ActionsTaken).MaximumLength(TextMaxLength).NoControlCharacters();
            RuleFor(c => c.SuggestedImprovement).MaximumLength(TextMaxLength).NoControlCharacters();
            RuleFor(c => c.IdempotencyKey).MaximumLength(100)
                .Matches("^[\\x21-\\x7E]+$").WithMessage("The Idempotency-Key header must be printable ASCII without spaces.")
                .OverridePropertyName("Idempotency-Key");
            // Without sign-in the key is all that ties a repeat to its first request (whose answer
            // holds a receipt token), so it must be unguessable: a UUID, say.
            RuleFor(c => c.IdempotencyKey).MinimumLength(AnonymousIdempotencyKeyMinLength)
                .When(_ => callerContext.Caller.Kind == CallerKind.Anonymous)
                .WithMessage($"Without sign-in, an Idempotency-Key must be at least {AnonymousIdempotencyKeyMinLength} characters, such as a UUID.")
                .OverridePropertyName("Idempotency-Key");

            When(c => c.Reporter is not null, () =>
            {
                RuleFor(c => c.Reporter!.Name).MaximumLength(200).NoControlCharacters();
                RuleFor(c => c.Reporter!.Role).MaximumLength(200).NoControlCharacters();
                RuleFor(c => c.Reporter!.Email).BareEmailAddress();
                RuleFor(c => c.Reporter!.Phone).MaximumLength(50).Matches("^[0-9 +()-]{5,50}$")
                    .WithMessage("A phone number has digits, spaces, '+', '-' and parentheses only.");
                RuleFor(c => c.Reporter)
                    .Must(r => !string.IsNullOrEmpty(r!.Email) || !string.IsNullOrEmpty(r.Phone))
                    .WithMessage("A contact needs an e-mail address or a phone number.");
            });

            async ValueTask<AssociationIntake?> Association(Command c, CancellationToken ct) =>
                await referenceData.FindAsync(c.AssociationCode!, ct);
        }
    }

    public sealed class Handler(
        DbSession session,
        IntakeReferenceData referenceData,
        CallerContext callerContext,
        IdempotencyStore idempotency,
        ReporterContactSealer contactSealer,
        TimeProvider time) : ICommandHandler<Command, Result>
    {
        private const string InsertReport = """
            INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind,
                reporter_party_id, suggested_category, description, consequence, actions_taken, suggested_improvement,
                affected_gender, anonymous_to_parties, status, channel, api_client_id, version, created_at, updated_at, involved_party_kinds)
            VALUES (@Id, @AssociationId, @AreaId, @Reference, @Year, @Sequence, @EventDate, @Kind,
                @ReporterPartyId, @SuggestedCategory, @Description, @Consequence, @ActionsTaken, @SuggestedImprovement,
                @AffectedGender, @AnonymousToParties, @Status, @Channel, @ApiClientId, 1, @Now, @Now, @InvolvedPartyKinds)
            """;

        private const string InsertInvolvedParty = "INSERT INTO report_involved_parties (report_id, party_id) VALUES (@ReportId, @PartyId)";

        private const string InsertReceipt = "INSERT INTO receipts (token_hash, report_id, created_at) VALUES (@TokenHash, @ReportId, @Now)";

        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var association = await referenceData.FindAsync(command.AssociationCode!, cancellationToken)
                ?? throw new NotFoundException($"Association '{command.AssociationCode}'");
            var caller = callerContext.Caller;
            var channel = await IntakeChannel.AuthorizeAsync(session, caller, association, command.ReporterPartyId, cancellationToken);

            var requestHash = IdempotencyStore.HashRequest(command);
            if (command.IdempotencyKey is { } key
                && await idempotency.FindAsync<Response>(caller, key, requestHash, cancellationToken) is { } earlier)
                return new Result(earlier, Replayed: true);

            var now = time.GetUtcNow();
            var year = SwedishCalendar.Now(time).Year;
            var reference = await ReportReferences.NextAsync(session, association.Id, year, cancellationToken);

            var reportId = Guid.CreateVersion7(now);
            var involvedKinds = command.InvolvedPartyIds!.Select(partyId => association.PartyKinds[partyId]).ToHashSet();
            await session.ExecuteAsync(InsertReport, new
            {
                Id = reportId,
                AssociationId = association.Id,
                AreaId = association.AreaIdsByCode[command.AreaCode!],
                Reference = reference.ToString(),
                Year = year,
                reference.Sequence,
                EventDate = command.EventDate!.Value,
                Kind = Codes.Of(command.Kind!.Value),
                ReporterPartyId = command.ReporterPartyId!.Value,
                command.SuggestedCategory,
                command.Description,
                command.Consequence,
                command.ActionsTaken,
                command.SuggestedImprovement,
                AffectedGender = command.AffectedGender is { } gender ? Codes.Of(gender) : null,
                AnonymousToParties = command.Reporter?.AnonymousToParties ?? false,
                Status = Codes.Of(ReportStatus.Received),
                Channel = channel,
                ApiClientId = caller.ApiClient?.Id,
                Now = now,
                InvolvedPartyKinds = PartyKindSet.KeyOf(involvedKinds),
            }, cancellationToken);

            await session.ExecuteAsync(InsertInvolvedParty,
                command.InvolvedPartyIds!.Select(partyId => new { ReportId = reportId, PartyId = partyId }),
                cancellationToken);

            if (command.Reporter is { } contact)
            {
                await ReporterContacts.SaveAsync(session, contactSealer, reportId,
                    new ContactDetails(contact.Name, contact.Role, contact.Email, contact.Phone), now, cancellationToken);
            }

            var receiptToken = ReceiptTokens.Create();
            await session.ExecuteAsync(InsertReceipt,
                new { TokenHash = ReceiptTokens.Hash(receiptToken), ReportId = reportId, Now = now },
                cancellationToken);

            await ReportEvents.AppendAsync(session, reportId, ReportEvents.Submitted, IntakeChannel.ActorName(caller), null, ReportStatus.Received,
                null, now, cancellationToken, data: $$"""{"channel":"{{channel}}"}""");

            var status = await RouteAsync(reportId, reference, association, command, involvedKinds, year, now, cancellationToken);
            await PatternDetection.CheckAsync(session, reportId, now, cancellationToken);
            await TellAsync(reportId, reference.ToString(), receiptToken, status, now, cancellationToken);

            var response = new Response(reportId, reference.ToString(), receiptToken, status);
            if (command.IdempotencyKey is { } newKey)
                await idempotency.StoreAsync(caller, newKey, requestHash, reportId, response, cancellationToken);
            return new Result(response, Replayed: false);
        }

        /// <summary>
        /// Tells the reporter (with the receipt's own link, when they gave an e-mail address: the token is kept sealed
        /// with their contact, ADR 6) and the steering group whose queue the report reached (a forwarded report's
        /// copy is told of by <see cref="ReportForwarding"/>). A report the service files itself (the demo seed's) tells
        /// no one, as an imported one does not: it is not news to anybody.
        /// </summary>
        private async Task TellAsync(Guid reportId, string reference, string receiptToken, ReportStatus status, DateTimeOffset now,
            CancellationToken cancellationToken)
        {
            if (callerContext.Caller.Kind == CallerKind.System)
                return;

            await ReporterContacts.KeepReceiptTokenAsync(session, contactSealer, reportId, receiptToken, cancellationToken);
            await Notifier.NotifyReporterAsync(session, reportId, Notifier.KindReceipt, reportId.ToString("N"),
                $"Kvitto på din avvikelse {reference}",
                $"""
                Hej!

                Tack för att du rapporterade en avvikelse. Den har fått referensnumret {reference}.

                På kvittosidan ser du hur arbetet med avvikelsen går, och där svarar du om styrgruppen
                har en fråga till dig. Länken nedan leder direkt till din kvittosida: dela den inte med andra.
                """, now, cancellationToken);

            if (status != ReportStatus.Closed)
            {
                var (subject, body) = GroupMessages.NewReport(reference);
                await Notifier.NotifyGroupAsync(session, reportId, Notifier.KindGroupNewReport, reportId.ToString("N"), subject, body, now, cancellationToken);
            }
        }

        /// <summary>
        /// Puts the report in its queue, or, when a forwarding rule decides, forwards it to the other
        /// association and closes it here as forwarded. Returns the report's status.
        /// </summary>
        private async Task<ReportStatus> RouteAsync(Guid reportId, ReportReference reference, AssociationIntake association,
            Command command, IReadOnlySet<PartyKind> involvedKinds, int year, DateTimeOffset now, CancellationToken cancellationToken)
        {
            // The involved parties' kinds are known here; routing need not read them back.
            var routing = await ReportRouting.RouteAsync(session, reportId, association.Id, association.AreaIdsByCode[command.AreaCode!],
                command.SuggestedCategory!, allowForwarding: true, now, cancellationToken, involvedKinds);
            if (routing.ForwardToAssociationId is not { } target)
                return ReportStatus.Received;

            var original = new ReportSnapshot(reportId, association.Id, null, reference.ToString(), ReportStatus.Received, null, 1);
            var copy = await ReportForwarding.ForwardAsync(session, original, target, year, "system:routing", now, cancellationToken);
            var closed = await ReportTransitions.ApplyAsync(session, original, ReportAction.Close, Resolution.Forwarded, ReportEvents.Closed,
                "system:routing", $"Forwarded by routing rule to {copy.AssociationName} ({copy.Reference}).", now, cancellationToken);
            return closed.Status;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder reports) =>
        reports.MapPost("/", Endpoint)
            .WithName("SubmitReport")
            .WithSummary("File a deviation report")
            .WithDescription("For reporters, integration partners (X-Api-Key) and, where the association allows it, anonymous intranet filing. "
                + "Honours Idempotency-Key: a repeat with the same key and body returns the first answer; the same key with another body is 422.")
            .RequireAuthorization(Policies.Intake)
            .RequireRateLimiting(RateLimits.AnonymousIntake)
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesAccessProblems()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static async Task<Created<Response>> Endpoint(
        [FromBody] Command command,
        [FromHeader(Name = "Idempotency-Key"), Description("Any unique string (a UUID, say) that makes a retry safe: a repeat with the same key and body returns the first answer.")] string? idempotencyKey,
        IMediator mediator,
        HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command.Normalized() with { IdempotencyKey = idempotencyKey }, cancellationToken);
        if (result.Replayed)
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/v1/reports/{result.Response.Id}", result.Response);
    }

    private static string? Trim(string? text) => text?.Trim();
}
