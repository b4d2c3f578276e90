using LexHeller.Api.Features.Admin;
using LexHeller.Api.Features.FollowUps;
using LexHeller.Api.Features.ReferenceData;
using LexHeller.Api.Features.Referrals;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Features.Triage;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Triage;

/// <summary>
/// A report as the steering group works on it: everything in it, each action the lifecycle allows
/// now (every one asks for a reason and sends the version the page was read at), its history and
/// likely duplicates. Each action is the same Mediator command as the API's.
/// </summary>
public sealed class ReportModel(IMediator mediator, PageAssociation pageAssociation, TimeProvider time) : WebPageModel
{
    public sealed class TriageInput
    {
        public string? Category { get; set; }
        public string? QueueId { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class AskInput
    {
        public string? Question { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class ReferInput
    {
        public string? PartyId { get; set; }
        public string? Question { get; set; }
        public string? DueDate { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class CloseInput
    {
        public string? Resolution { get; set; }
        public string? MessageToReporter { get; set; }
        public string? DuplicateOf { get; set; }
        public string? ForwardTo { get; set; }
        public string? FollowUpId { get; set; }
        public string? NewFollowUpTitle { get; set; }
        public string? NewFollowUpOwnerGroupId { get; set; }
        public string? NewFollowUpDecision { get; set; }
        public string? NewFollowUpDueOn { get; set; }
        public string? Reason { get; set; }
    }

    /// <summary>A steering group of the user's in the report's association: one that can own a follow-up started here.</summary>
    public sealed record OwnGroup(Guid Id, string Name);

    /// <summary>The follow-up choice that starts a new one (<see cref="CloseInput.FollowUpId"/>).</summary>
    public const string NewFollowUpChoice = "ny";

    public sealed class ReasonInput
    {
        public string? Reason { get; set; }
    }

    public sealed class WithdrawReferralInput
    {
        public string? ReferralId { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class PublishInput
    {
        public string? Summary { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class NoteInput
    {
        public string? Text { get; set; }
    }

    public sealed class RedactInput
    {
        public string? Text { get; set; }
        public string? Reason { get; set; }
    }

    private static FormField Reason(string prefix) =>
        new("reason", $"{prefix}.Reason", "Skäl", "Skriv ett skäl: det sparas i avvikelsens historik.");

    private static readonly FormFields TriageFields = new(
        new FormField("category", "Triage.Category", "Kategori", Invalid: "Välj en kategori i listan."),
        new FormField("queueId", "Triage.QueueId", "Kö", Invalid: "Välj en kö i förbundet."),
        Reason("Triage"));

    private static readonly FormFields AskFields = new(
        new FormField("question", "Ask.Question", "Fråga till rapportören", "Skriv frågan till rapportören."),
        Reason("Ask"));

    private static readonly FormFields ReferFields = new(
        new FormField("partyId", "Refer.PartyId", "Part", "Välj vilken part som ska svara.", "Välj en part i förbundet."),
        new FormField("question", "Refer.Question", "Fråga till parten", "Skriv vad parten ska svara på."),
        new FormField("dueDate", "Refer.DueDate", "Svar senast", Invalid: "Svarsdatumet måste vara efter i dag och inom ett år."),
        Reason("Refer"));

    private static readonly FormFields CloseFields = new(
        new FormField("resolution", "Close.Resolution", "Utfall", "Välj hur avvikelsen avslutas.") { Anchor = "Close_Resolution_0" },
        new FormField("messageToReporter", "Close.MessageToReporter", "Besked till rapportören",
            "Skriv ett besked till rapportören: säg var ärendet hör hemma."),
        new FormField("duplicateOfReportId", "Close.DuplicateOf", "Dubblett av", "Välj den avvikelse som den här är en dubblett av.",
            "Välj en annan avvikelse i samma förbund."),
        new FormField("forwardToAssociationCode", "Close.ForwardTo", "Lämna över till", "Välj förbundet som tar över avvikelsen.",
            "Välj ett annat förbund i listan."),
        new FormField("followUpId", "Close.FollowUpId", "Strukturell uppföljning", "Välj vilken strukturell uppföljning avvikelsen går vidare till, eller starta en ny.",
            "Välj en uppföljning i förbundet som inte är klar."),
        new FormField("newFollowUp.title", "Close.NewFollowUpTitle", "Vad gäller uppföljningen?", "Skriv vad den nya uppföljningen gäller."),
        new FormField("newFollowUp.ownerGroupId", "Close.NewFollowUpOwnerGroupId", "Styrgrupp som äger uppföljningen",
            "Välj vilken styrgrupp som äger uppföljningen.", "Välj en av dina styrgrupper i förbundet."),
        new FormField("newFollowUp.decision", "Close.NewFollowUpDecision", "Vad styrgruppen har beslutat"),
        new FormField("newFollowUp.dueOn", "Close.NewFollowUpDueOn", "Klar senast", Invalid: "Ange ett datum som 2027-06-30, högst tio år fram."),
        Reason("Close"));

    private static readonly FormFields ReopenFields = new(Reason("Reopen"));

    private static readonly FormFields WithdrawQuestionFields = new(Reason("QuestionWithdrawal"));

    private static readonly FormFields WithdrawReferralFields = new(
        new FormField("referralId", "ReferralWithdrawal.ReferralId", "Fråga att återkalla", "Välj vilken fråga som ska återkallas."),
        new FormField("reason", "ReferralWithdrawal.Reason", "Skäl", "Skriv ett skäl: det skickas till parten och sparas i historiken."));

    private static readonly FormFields PublishFields = new(
        new FormField("summary", "Publish.Summary", "Sammanfattning", "Skriv sammanfattningen som ska publiceras."),
        Reason("Publish"));

    private static readonly FormFields RedactFields = new(
        new FormField("text", "Redact.Text", "Text som ska tas bort", "Skriv orden som ska tas bort.",
            "Orden hittades inte i avvikelsens texter. Skriv minst två tecken, exakt som de står i texten."),
        new("reason", "Redact.Reason", "Skäl", "Skriv ett skäl: det sparas i avvikelsens historik.",
            "Skälet får inte upprepa orden som tas bort: skälet sparas i historiken."));

    private static readonly FormFields NoteFields = new(new FormField("text", "Note.Text", "Anteckning", "Skriv anteckningen."));

    public GetReport.Response Report { get; private set; } = null!;

    public GetHistory.Response History { get; private set; } = null!;

    public GetSimilarReports.Response Similar { get; private set; } = null!;

    /// <summary>The reporter's answer to "Ledde svaret till en förbättring?" for this closure; a "no" is a contest.</summary>
    public Features.Receipts.GetReceipt.Feedback? ReporterFeedback { get; private set; }

    public GetReferenceData.Response ReferenceData { get; private set; } = null!;

    public IReadOnlyList<GetMyQueues.Queue> Queues { get; private set; } = [];

    /// <summary>The follow-ups of the user's steering groups that are not done: what a report closed for structural follow-up may go to.</summary>
    public IReadOnlyList<ListFollowUps.Item> OpenFollowUps { get; private set; } = [];

    /// <summary>The user's steering groups in the report's association: who may own a follow-up started from the close form.</summary>
    public IReadOnlyList<OwnGroup> OwnGroups { get; private set; } = [];

    /// <summary>The duplicate picker's search text (the page's <c>dubblett</c> query), and what it found; null before a search.</summary>
    public string? DuplicateSearchText { get; private set; }

    public FindDuplicateCandidates.Response? DuplicateSearch { get; private set; }

    public string? DuplicateSearchError { get; private set; }
    /// <summary>The association's response templates for the report's question, referral and closing forms (none for a reader who may not act).</summary>
    public IReadOnlyList<ResponseTemplates.Template> Templates { get; private set; } = [];

    /// <summary>The action whose form is shown open: the one that was just refused.</summary>
    public string? OpenAction { get; private set; }

    /// <summary>The version the page was read at; every change sends it as If-Match does.</summary>
    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public TriageInput Triage { get; set; } = new();

    [BindProperty]
    public AskInput Ask { get; set; } = new();

    [BindProperty]
    public ReferInput Refer { get; set; } = new();

    [BindProperty]
    public CloseInput Close { get; set; } = new();

    [BindProperty]
    public ReasonInput Reopen { get; set; } = new();

    [BindProperty]
    public ReasonInput QuestionWithdrawal { get; set; } = new();

    [BindProperty]
    public WithdrawReferralInput ReferralWithdrawal { get; set; } = new();

    [BindProperty]
    public PublishInput Publish { get; set; } = new();

    [BindProperty]
    public NoteInput Note { get; set; } = new();

    [BindProperty]
    public RedactInput Redact { get; set; } = new();

    /// <summary>
    /// The actions a steering group takes by hand now (the reporter clarifies; answers arrive by themselves; the report
    /// goes back to the group by itself). A report waiting for the reporter shows its close form once the question has
    /// gone unanswered long enough (<see cref="CloseWaitsUntil"/>).
    /// </summary>
    public IEnumerable<ReportAction> Actions =>
        Report.AllowedActions.Where(action => action is not (ReportAction.Clarify or ReportAction.ReceiveAllAnswers or ReportAction.ReturnToGroup)
            && !(action == ReportAction.Close && CloseWaitsUntil is not null));

    /// <summary>When a report waiting for the reporter may be closed, while that is still ahead.</summary>
    public DateTimeOffset? CloseWaitsUntil => Report.ClosableFrom is { } from && from > time.GetUtcNow() ? from : null;

    /// <summary>The referrals still waiting for a party's answer: those the group may withdraw.</summary>
    public IEnumerable<GetReport.Referral> OpenReferrals => Report.Referrals.Where(referral => referral.Status == ReferralStatuses.Open);

    /// <summary>The resolutions the lifecycle allows for closing now.</summary>
    public IEnumerable<Resolution> Resolutions =>
        Enum.GetValues<Resolution>().Where(resolution => ReportLifecycle.Decide(Report.Status, ReportAction.Close, resolution).IsAllowed);

    public async Task OnGetAsync(Guid id, [FromQuery(Name = "dubblett")] string? duplicateSearch, [FromQuery(Name = TemplatePicker.Parameter)] Guid? template,
        CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        Triage.Category = Report.Category?.Code ?? Report.SuggestedCategory.Code;
        Triage.QueueId = Report.Queue?.Id.ToString();
        if (!string.IsNullOrWhiteSpace(duplicateSearch) && Resolutions.Contains(Resolution.Duplicate))
            await SearchDuplicatesAsync(id, duplicateSearch, cancellationToken);
        StartFrom(template);
    }

    /// <summary>The picker of a form: the templates of its purpose, and the field they fill.</summary>
    public TemplatePicker Picker(string purpose)
    {
        var (form, field, label) = Forms[purpose];
        return new TemplatePicker($"{form}_Template", $"{form}_{field}", label, $"/triage/avvikelse/{Report.Id}", $"action-{form.ToLowerInvariant()}",
            [.. Templates.Where(template => template.Purpose == purpose)]);
    }

    private static readonly Dictionary<string, (string Form, string Field, string Label)> Forms = new()
    {
        [ResponseTemplates.Question] = ("Ask", "Question", "Fråga till rapportören"),
        [ResponseTemplates.Referral] = ("Refer", "Question", "Fråga till parten"),
        [ResponseTemplates.Closure] = ("Close", "MessageToReporter", "Besked till rapportören"),
    };

    /// <summary>A template chosen without JavaScript (<c>?mall=</c>): its text in its form's field, and that form open.</summary>
    private void StartFrom(Guid? chosen)
    {
        if (chosen is not { } id || Templates.FirstOrDefault(template => template.Id == id) is not { } template)
            return;
        switch (template.Purpose)
        {
            case ResponseTemplates.Question:
                Ask.Question = template.Body;
                OpenAction = "ask";
                break;
            case ResponseTemplates.Referral:
                Refer.Question = template.Body;
                OpenAction = "refer";
                break;
            case ResponseTemplates.Closure:
                Close.MessageToReporter = template.Body;
                OpenAction = "close";
                break;
        }
    }

    /// <summary>The duplicate picker's search: the close form opens with "duplicate" chosen and the hits in its list.</summary>
    private async Task SearchDuplicatesAsync(Guid id, string text, CancellationToken cancellationToken)
    {
        OpenAction = "close";
        Close.Resolution = Codes.Of(Resolution.Duplicate);
        DuplicateSearchText = text.Trim();
        try
        {
            DuplicateSearch = await mediator.Send(new FindDuplicateCandidates.Query(id, text), cancellationToken);
        }
        catch (ValidationException)
        {
            DuplicateSearchError = $"Sök på högst {FindDuplicateCandidates.TextMaxLength} tecken: ett nummer eller några ord.";
        }
        catch (PersonalNumberException)
        {
            DuplicateSearchError = "Sök inte på personnummer eller samordningsnummer: sök på avvikelsens nummer eller på ord ur den.";
        }
    }

    public Task<IActionResult> OnPostTriageAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "triage", TriageFields, "Beredningen är påbörjad.", () => new TriageReport.Command(
            string.IsNullOrWhiteSpace(Triage.Category) ? null : Triage.Category, ParseGuid(Triage.QueueId)) { Reason = Triage.Reason }, cancellationToken,
            // Re-routed to another group's queue: the report is no longer the user's to see, so back to their queues.
            state => state.AllowedActions.Count > 0 ? null
                : Redirected("/triage", "Beredningen är påbörjad. Med den nya kategorin hör avvikelsen till en annan styrgrupps kö, som har fått besked."));

    public Task<IActionResult> OnPostAskAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "ask", AskFields, "Frågan är skickad till rapportören och syns på kvittot.",
            () => new RequestInformation.Command(Ask.Question) { Reason = Ask.Reason }, cancellationToken);

    public Task<IActionResult> OnPostReferAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "refer", ReferFields, "Avvikelsen är skickad till parten.", () => new ReferReport.Command(
            ParseGuid(Refer.PartyId), Refer.Question, ParseDate(Refer.DueDate, "Refer.DueDate")) { Reason = Refer.Reason }, cancellationToken);

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "close", CloseFields, "Avvikelsen är avslutad.", () =>
        {
            Resolution? resolution = Codes.TryParse<Resolution>(Close.Resolution, out var parsed) ? parsed : null;
            var startsFollowUp = resolution == Resolution.StructuralFollowUp && Close.FollowUpId == NewFollowUpChoice;
            return new CloseReport.Command(
                resolution,
                string.IsNullOrWhiteSpace(Close.MessageToReporter) ? null : Close.MessageToReporter,
                resolution == Resolution.Duplicate ? ParseGuid(Close.DuplicateOf) : null,
                resolution == Resolution.Forwarded ? Close.ForwardTo : null,
                resolution == Resolution.StructuralFollowUp && !startsFollowUp ? ParseGuid(Close.FollowUpId) : null,
                startsFollowUp ? new FollowUpFromClosure.NewFollowUp(
                    Close.NewFollowUpTitle, ParseGuid(Close.NewFollowUpOwnerGroupId),
                    string.IsNullOrWhiteSpace(Close.NewFollowUpDecision) ? null : Close.NewFollowUpDecision,
                    ParseDate(Close.NewFollowUpDueOn, "Close.NewFollowUpDueOn")) : null) { Reason = Close.Reason };
        }, cancellationToken);

    public Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "reopen", ReopenFields, "Avvikelsen är återöppnad.", () => new ReopenReport.Command { Reason = Reopen.Reason }, cancellationToken);

    public Task<IActionResult> OnPostWithdrawQuestionAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "withdraw-question", WithdrawQuestionFields, "Frågan till rapportören är tillbakadragen.",
            () => new WithdrawQuestion.Command { Reason = QuestionWithdrawal.Reason }, cancellationToken);

    public Task<IActionResult> OnPostWithdrawReferralAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "withdraw-referral", WithdrawReferralFields, "Frågan till parten är återkallad och parten har fått besked.",
            () =>
            {
                var referralId = ParseGuid(ReferralWithdrawal.ReferralId);
                if (referralId is null)
                    ModelState.AddModelError("ReferralWithdrawal.ReferralId", "Välj vilken fråga som ska återkallas.");
                return new WithdrawReferral.Command { ReferralId = referralId ?? Guid.Empty, Reason = ReferralWithdrawal.Reason };
            }, cancellationToken);

    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "publish", PublishFields, "Sammanfattningen är publicerad.",
            () => new PublishReport.Command(Publish.Summary) { Reason = Publish.Reason }, cancellationToken);

    /// <summary>Takes words out of every text of the report (any state; the form is in _RedactForm).</summary>
    public Task<IActionResult> OnPostRedactAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "redact", RedactFields, "Texten är borttagen överallt i avvikelsen.",
            () => new RedactReport.Command(Redact.Text) { Reason = Redact.Reason }, cancellationToken);

    public Task<IActionResult> OnPostNoteAsync(Guid id, CancellationToken cancellationToken)
    {
        Fields = NoteFields;
        OpenAction = "note";
        var command = new AddNote.Command(Note.Text) { ReportId = id };
        return SubmitAsync(async () =>
        {
            await mediator.Send(command, cancellationToken);
            Confirmation = "Anteckningen är sparad.";
            return RedirectToPage(new { id });
        }, () => LoadAsync(id, cancellationToken), command);
    }

    private IActionResult Redirected(string path, string confirmation)
    {
        Confirmation = confirmation;
        return LocalRedirect(path);
    }

    private Task<IActionResult> ActAsync<TCommand>(Guid id, string action, FormFields fields, string confirmation,
        Func<TCommand> command, CancellationToken cancellationToken, Func<ReportStateResponse, IActionResult?>? elsewhere = null)
        where TCommand : TriageCommand
    {
        Fields = fields;
        OpenAction = action;
        var built = command() with { ReportId = id, ExpectedVersion = Version };
        return SubmitAsync(async () =>
        {
            if (!ModelState.IsValid)
            {
                // A date that could not be read: nothing is sent until it can.
                await LoadAsync(id, cancellationToken);
                return Page();
            }

            var state = await mediator.Send(built, cancellationToken);
            if (elsewhere?.Invoke(state) is { } redirect)
                return redirect;
            Confirmation = confirmation;
            return RedirectToPage(new { id });
        }, () => LoadAsync(id, cancellationToken), built as IHaveFreeText);
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Report = await mediator.Send(new GetReport.Query(id), cancellationToken);
        pageAssociation.Set(Report.Association.Code, Report.Association.Name);
        History = await mediator.Send(new GetHistory.Query(id), cancellationToken);
        Similar = await mediator.Send(new GetSimilarReports.Query(id), cancellationToken);
        if (Report.Status == ReportStatus.Closed)
            ReporterFeedback = (await mediator.Send(new GetReporterFeedback.Query(id), cancellationToken)).Feedback;
        ReferenceData = await mediator.Send(new GetReferenceData.Query(), cancellationToken);
        Templates = await TemplatesAsync(id, cancellationToken);
        Queues = [.. (await mediator.Send(new GetMyQueues.Query(WithCounts: false), cancellationToken)).Queues
            .Where(queue => queue.AssociationCode == Report.Association.Code)];
        OwnGroups = [.. Queues.Select(queue => new OwnGroup(queue.SteeringGroupId, queue.SteeringGroup)).Distinct()];
        if (Resolutions.Contains(Resolution.StructuralFollowUp) && Queues.Count > 0)
        {
            // A report goes only to a follow-up of a group the user sits in (CloseReport); group names are unique in an association.
            var groups = Queues.Select(queue => queue.SteeringGroup).ToHashSet(StringComparer.Ordinal);
            OpenFollowUps = [.. (await mediator.Send(new ListFollowUps.Query(Report.Association.Code, null), cancellationToken)).FollowUps
                .Where(followUp => FollowUpRules.TakesReports(followUp.Status) && groups.Contains(followUp.OwnerGroupName))];
        }
    }

    private async Task<IReadOnlyList<ResponseTemplates.Template>> TemplatesAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return (await mediator.Send(new GetReportTemplates.Query(id), cancellationToken)).Templates;
        }
        catch (ForbiddenException)
        {
            // An administrator reads the report but acts on nothing: no templates to start from.
            return [];
        }
    }

    public GetReferenceData.Association? Association =>
        ReferenceData.Associations.FirstOrDefault(association => association.Code == Report.Association.Code);

    /// <summary>A category's Swedish label, by its code.</summary>
    public string CategoryLabel(string code) =>
        (Association?.Categories ?? ReferenceData.Categories).FirstOrDefault(category => category.Code == code)?.Label ?? code;

}
