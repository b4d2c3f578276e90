using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// An association's steering groups: a new group, its next meeting, its members (the triagers) and its
/// queues. Each form sends the API's command (<see cref="CreateSteeringGroup"/>, <see cref="UpdateSteeringGroup"/>,
/// <see cref="ChangeMembership"/>, <see cref="CreateQueue"/>).
/// </summary>
public sealed class SteeringGroupsModel(IMediator mediator) : AdminPageModel(AdminNavigation.SteeringGroups)
{
    public sealed class GroupInput
    {
        public string? Name { get; set; }
        public string? NextMeetingOn { get; set; }
    }

    public sealed class MeetingInput
    {
        public string? GroupId { get; set; }
        public string? NextMeetingOn { get; set; }
    }

    public sealed class MemberInput
    {
        public string? GroupId { get; set; }
        public string? Email { get; set; }
    }

    public sealed class QueueInput
    {
        public string? GroupId { get; set; }
        public string? Name { get; set; }
    }

    private const string MeetingRule = "Nästa möte ska vara ett datum från i dag och högst två år framåt.";

    private static readonly FormFields GroupFields = new(
        new FormField("name", "NewGroup.Name", "Styrgruppens namn", "Skriv styrgruppens namn."),
        new FormField("nextMeetingOn", "NewGroup.NextMeetingOn", "Nästa möte", Invalid: MeetingRule));

    private static readonly FormFields MeetingFields = new(
        new FormField("id", "Meeting.GroupId", "Styrgrupp", "Välj en styrgrupp."),
        new FormField("nextMeetingOn", "Meeting.NextMeetingOn", "Nästa möte", Invalid: MeetingRule));

    private static readonly FormFields MemberFields = new(
        new FormField("ownerId", "Member.GroupId", "Styrgrupp", "Välj en styrgrupp."),
        new FormField("email", "Member.Email", "E-postadress", "Skriv ledamotens e-postadress."));

    private static readonly FormFields QueueFields = new(
        new FormField("steeringGroupId", "Queue.GroupId", "Styrgrupp", "Välj en styrgrupp."),
        new FormField("name", "Queue.Name", "Köns namn", "Skriv köns namn."));

    private static readonly FormFields RemoveFields = new(new FormField("email", "Remove.Email", "Ledamot"));

    public IReadOnlyList<ListSteeringGroups.SteeringGroup> SteeringGroups { get; private set; } = [];

    [BindProperty]
    public GroupInput NewGroup { get; set; } = new();

    [BindProperty]
    public MeetingInput Meeting { get; set; } = new();

    [BindProperty]
    public MemberInput Member { get; set; } = new();

    [BindProperty]
    public QueueInput Queue { get; set; } = new();

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostCreateGroupAsync(CancellationToken cancellationToken)
    {
        var command = new CreateSteeringGroup.Command(NewGroup.Name?.Trim(), ParseDate(NewGroup.NextMeetingOn, "NewGroup.NextMeetingOn"))
        {
            AssociationCode = Code,
        };
        return ChangeAsync(GroupFields, () => mediator.Send(command, cancellationToken).AsTask(),
            $"Styrgruppen {command.Name} är skapad.", () => LoadAsync(cancellationToken), command,
            NameTaken("NewGroup.Name", "Förbundet har redan en styrgrupp med det namnet. Välj ett annat namn."));
    }

    public Task<IActionResult> OnPostMeetingAsync(CancellationToken cancellationToken)
    {
        var group = Chosen(Meeting.GroupId, "Meeting.GroupId");
        var command = new UpdateSteeringGroup.Command { Id = group ?? Guid.Empty, NextMeetingOn = ParseDate(Meeting.NextMeetingOn, "Meeting.NextMeetingOn") };
        return ChangeAsync(MeetingFields, () => mediator.Send(command, cancellationToken).AsTask(),
            command.NextMeetingOn is { } date ? $"Nästa möte är satt till {Swedish.Date(date)}." : "Nästa möte är borttaget.",
            () => LoadAsync(cancellationToken));
    }

    public Task<IActionResult> OnPostAddMemberAsync(CancellationToken cancellationToken)
    {
        var group = Chosen(Member.GroupId, "Member.GroupId");
        var email = Member.Email?.Trim() ?? "";
        return ChangeAsync(MemberFields, () => mediator.Send(new ChangeMembership.Command(
                ChangeMembership.Membership.SteeringGroupMember, group ?? Guid.Empty, AdminRules.UserKey(email), Add: true), cancellationToken).AsTask(),
            $"{email} är ledamot i styrgruppen.", () => LoadAsync(cancellationToken));
    }

    public Task<IActionResult> OnPostRemoveMemberAsync(Guid groupId, string? email, CancellationToken cancellationToken) =>
        ChangeAsync(RemoveFields, () => mediator.Send(new ChangeMembership.Command(
                ChangeMembership.Membership.SteeringGroupMember, groupId, email ?? "", Add: false), cancellationToken).AsTask(),
            $"{email} är inte längre ledamot i styrgruppen.", () => LoadAsync(cancellationToken));

    public Task<IActionResult> OnPostCreateQueueAsync(CancellationToken cancellationToken)
    {
        var group = Chosen(Queue.GroupId, "Queue.GroupId");
        var command = new CreateQueue.Command(Queue.Name?.Trim()) { SteeringGroupId = group ?? Guid.Empty };
        return ChangeAsync(QueueFields, () => mediator.Send(command, cancellationToken).AsTask(),
            $"Kön {command.Name} är skapad.", () => LoadAsync(cancellationToken), command,
            NameTaken("Queue.Name", "Förbundet har redan en kö med det namnet. Välj ett annat namn."));
    }

    private static Dictionary<string, (string Input, string Message)> NameTaken(string input, string message) =>
        new() { ["Name taken"] = (input, message) };

    private Guid? Chosen(string? text, string input)
    {
        var id = ParseGuid(text);
        if (id is null)
            ModelState.AddModelError(input, "Välj en styrgrupp.");
        return id;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var groups = await mediator.Send(new ListSteeringGroups.Query(Code), cancellationToken);
        AssociationName = groups.AssociationName;
        SteeringGroups = groups.SteeringGroups;
    }
}
