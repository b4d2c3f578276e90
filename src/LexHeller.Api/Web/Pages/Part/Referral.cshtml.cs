using LexHeller.Api.Features.Account;
using LexHeller.Api.Features.Admin;
using LexHeller.Api.Features.ReferenceData;
using LexHeller.Api.Features.Referrals;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Part;

/// <summary>
/// One referral to the user's party (<see cref="GetReferral"/>) and the party's answer (<see cref="AnswerReferral"/>), or its
/// "not ours" naming who is responsible (<see cref="DeclineReferral"/>).
/// </summary>
public sealed class ReferralModel(IMediator mediator, PageAssociation pageAssociation) : WebPageModel(AnswerFields)
{
    public sealed class AnswerInput
    {
        public string? Cause { get; set; }
        public string? Actions { get; set; }
        public string? FollowUpPlan { get; set; }
        public string? ResponderName { get; set; }
        public string? ResponderRole { get; set; }
    }

    private static readonly FormFields AnswerFields = new(
        new FormField("cause", "Input.Cause", "Varför blev det så?", "Skriv vad orsaken var."),
        new FormField("actions", "Input.Actions", "Vad har ni gjort, eller vad ska ni göra?", "Skriv vad ni har gjort eller ska göra."),
        new FormField("followUpPlan", "Input.FollowUpPlan", "Hur följer ni upp?", "Skriv hur ni följer upp."),
        new FormField("responderName", "Input.ResponderName", "Ditt namn", "Skriv ditt namn."),
        new FormField("responderRole", "Input.ResponderRole", "Din roll", "Skriv din roll."));

    public sealed class DeclineInput
    {
        public string? Reason { get; set; }
        public string? SuggestedResponsible { get; set; }
    }

    private static readonly FormFields DeclineFields = new(
        new FormField("suggestedResponsible", "Decline.SuggestedResponsible", "Vem är ansvarig, enligt er?", "Skriv vem ni tror är ansvarig."),
        new FormField("reason", "Decline.Reason", "Varför är det inte ert ansvar?", "Skriv varför det inte är ert ansvar."));

    public ReferralViews.Referral Referral { get; private set; } = null!;

    [BindProperty]
    public AnswerInput Input { get; set; } = new();

    [BindProperty]
    public DeclineInput Decline { get; set; } = new();

    /// <summary>Whether the "not ours" form is shown open: it was just sent and refused.</summary>
    public bool DeclineOpen { get; private set; }

    /// <summary>The association's answer templates for the report's category; a chosen one fills "what have you done".</summary>
    public IReadOnlyList<ResponseTemplates.Template> Templates { get; private set; } = [];

    public TemplatePicker Picker => new("Input_Template", "Input_Actions", "Vad har ni gjort, eller vad ska ni göra?", $"/part/remiss/{Referral.Id}", "answer-heading", Templates);

    public async Task OnGetAsync(Guid id, [FromQuery(Name = TemplatePicker.Parameter)] Guid? template, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        if (TemplatePicker.Chosen(Templates, template, ResponseTemplates.Answer) is { } chosen)
            Input.Actions = chosen.Body;
        // The answer names who answered: it starts from the name the responder signed in with.
        Input.ResponderName ??= (await mediator.Send(new GetMyDisplayName.Query(), cancellationToken)).DisplayName;
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Referral = await mediator.Send(new GetReferral.Query(id), cancellationToken);
        await pageAssociation.FindAsync(new FindAssociation.Query(ReferralId: id), cancellationToken);
        if (Referral.Answer is null)
            Templates = (await mediator.Send(new GetReferralTemplates.Query(id), cancellationToken)).Templates;
    }

    public Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var command = new AnswerReferral.Command(Input.Cause, Input.Actions, Input.FollowUpPlan, Input.ResponderName, Input.ResponderRole)
        {
            ReferralId = id,
        };
        return SubmitAsync(async () =>
        {
            await mediator.Send(command, cancellationToken);
            Confirmation = "Tack! Svaret är skickat till styrgruppen.";
            return RedirectToPage(new { id });
        }, () => LoadAsync(id, cancellationToken), command);
    }

    public Task<IActionResult> OnPostDeclineAsync(Guid id, CancellationToken cancellationToken)
    {
        Fields = DeclineFields;
        DeclineOpen = true;
        var command = new DeclineReferral.Command(Decline.Reason, Decline.SuggestedResponsible) { ReferralId = id };
        return SubmitAsync(async () =>
        {
            await mediator.Send(command, cancellationToken);
            Confirmation = "Tack! Styrgruppen har fått veta att frågan inte är ert ansvar och vem ni tror är ansvarig.";
            return RedirectToPage(new { id });
        }, () => LoadAsync(id, cancellationToken), command);
    }
}
