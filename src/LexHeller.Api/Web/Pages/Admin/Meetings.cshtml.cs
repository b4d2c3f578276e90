using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// Möten: a steering group's meeting calendar (<see cref="GetMeetings"/>). A date is added or removed by replacing the
/// meetings ahead (<see cref="ReplaceMeetings"/>), the cut-off days are set on the group (<see cref="UpdateSteeringGroup"/>).
/// </summary>
[Authorize]
public sealed class MeetingsModel(IMediator mediator) : WebPageModel(AddFields)
{
    private static readonly FormFields AddFields = new(
        new FormField("meetings", "Date", "Datum för mötet", "Ange datum för mötet.", "Datumet måste vara från i dag och högst två år framåt, och inte redan finnas i kalendern."));

    private static readonly FormFields CutOffFields = new(
        new FormField("cutOffDays", "CutOffDays", "Dagar före mötet", "Ange hur många dagar före mötet som är sista beredningsdag.",
            "Ange ett heltal mellan 0 och 60."));

    public string AssociationCode { get; private set; } = "";

    public MeetingCalendar.Calendar Calendar { get; private set; } = null!;

    [BindProperty]
    public string? Date { get; set; }

    [BindProperty]
    public string? CutOffDays { get; set; }

    public async Task OnGetAsync(string code, Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(code, id, cancellationToken);
        CutOffDays ??= Calendar.CutOffDays.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAddAsync(string code, Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(code, id, cancellationToken);
        if (!DateOnly.TryParseExact(Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            ModelState.AddModelError(nameof(Date), string.IsNullOrWhiteSpace(Date) ? "Ange datum för mötet." : "Skriv datumet som år-månad-dag, till exempel 2027-01-14.");
            CutOffDays = Calendar.CutOffDays.ToString(CultureInfo.InvariantCulture);
            return Page();
        }

        return await ReplaceAsync(code, id, [.. Calendar.Meetings.Select(meeting => meeting.On), date], $"Mötet {Swedish.Date(date)} är tillagt.", cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string code, Guid id, string remove, CancellationToken cancellationToken)
    {
        await LoadAsync(code, id, cancellationToken);
        var date = DateOnly.ParseExact(remove, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return await ReplaceAsync(code, id, [.. Calendar.Meetings.Select(meeting => meeting.On).Where(meeting => meeting != date)],
            $"Mötet {Swedish.Date(date)} är borttaget.", cancellationToken);
    }

    public async Task<IActionResult> OnPostCutOffAsync(string code, Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(code, id, cancellationToken);
        Fields = CutOffFields;
        if (!int.TryParse(CutOffDays?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            ModelState.AddModelError(nameof(CutOffDays), "Ange ett heltal mellan 0 och 60.");
            return Page();
        }

        var command = new UpdateSteeringGroup.Command { Id = id, CutOffDays = days };
        return await SubmitAsync(async () =>
        {
            await mediator.Send(command, cancellationToken);
            Confirmation = $"Sista beredningsdag är nu {days} dagar före varje möte.";
            return RedirectToPage(new { code, id });
        }, () => LoadAsync(code, id, cancellationToken));
    }

    private async Task<IActionResult> ReplaceAsync(string code, Guid id, IReadOnlyList<DateOnly> meetings, string confirmation, CancellationToken cancellationToken)
    {
        var command = new ReplaceMeetings.Command(meetings) { SteeringGroupId = id };
        CutOffDays = Calendar.CutOffDays.ToString(CultureInfo.InvariantCulture);
        return await SubmitAsync(async () =>
        {
            await mediator.Send(command, cancellationToken);
            Confirmation = confirmation;
            return RedirectToPage(new { code, id });
        }, () => LoadAsync(code, id, cancellationToken));
    }

    /// <summary>The group's calendar, and 404 unless the group is one of the association in the address.</summary>
    private async Task LoadAsync(string code, Guid id, CancellationToken cancellationToken)
    {
        var groups = await mediator.Send(new ListSteeringGroups.Query(code), cancellationToken);
        if (groups.SteeringGroups.All(group => group.Id != id))
            throw new NotFoundException($"Steering group '{id}'");
        AssociationCode = groups.AssociationCode;
        Calendar = await mediator.Send(new GetMeetings.Query(id), cancellationToken);
    }
}
