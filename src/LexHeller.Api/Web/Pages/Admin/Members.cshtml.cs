using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// An association's members: their roles, the parties they act for and the steering groups they sit in
/// (<see cref="ListMembers"/>); a member added or their roles and parties changed (<see cref="SetMember"/>),
/// and a member taken out (<see cref="RemoveMember"/>).
/// </summary>
public sealed class MembersModel(IMediator mediator) : AdminPageModel(AdminNavigation.Members)
{
    public sealed class MemberInput
    {
        public string? Email { get; set; }
        public List<string> Roles { get; set; } = [];
        public List<string> PartyIds { get; set; } = [];
    }

    private const string LastAdministrator = "The association's last administrator";

    private static readonly FormFields MemberFields = new(
        new FormField("email", "Member.Email", "E-postadress", "Skriv medlemmens e-postadress."),
        new FormField("roles", "Member.Roles", "Roller", "Välj minst en roll.", "Välj roller i listan.") { Anchor = "Member_Roles_0" },
        new FormField("partyIds", "Member.PartyIds", "Parter", Invalid: "Välj parter i listan.") { Anchor = "Member_PartyIds_0" });

    private static readonly FormFields RemoveFields = new(new FormField("email", "Remove.Email", "Medlem"));

    public IReadOnlyList<MemberResponse> Members { get; private set; } = [];

    public IReadOnlyList<ListPartiesAndContacts.Party> Parties { get; private set; } = [];

    [BindProperty]
    public MemberInput Member { get; set; } = new();

    /// <summary>The roles the form offers, in the API's order.</summary>
    public static IReadOnlyList<string> Roles => MemberRoleStore.Grantable;

    public async Task OnGetAsync([FromQuery(Name = "medlem")] string? email, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Members.FirstOrDefault(member => member.Email == email) is { } chosen)
        {
            Member = new MemberInput
            {
                Email = chosen.Email,
                Roles = [.. chosen.Roles],
                PartyIds = [.. chosen.Parties.Select(party => party.Id.ToString())],
            };
        }
    }

    public Task<IActionResult> OnPostSetMemberAsync(CancellationToken cancellationToken)
    {
        var email = Member.Email?.Trim() ?? "";
        var roles = Member.Roles.Where(role => !string.IsNullOrWhiteSpace(role)).Distinct().ToList();
        var parties = new List<Guid>();
        foreach (var text in Member.PartyIds.Distinct())
        {
            if (ParseGuid(text) is { } id)
                parties.Add(id);
            else
                ModelState.AddModelError("Member.PartyIds", "Välj parter i listan.");
        }

        var actsForParties = roles.Any(MemberRoleStore.PartyRoles.Contains);
        if (actsForParties && parties.Count == 0)
            ModelState.AddModelError("Member.PartyIds", "Välj minst en part som rapportören eller svaranden företräder.");
        else if (!actsForParties && parties.Count > 0 && roles.Count > 0)
            ModelState.AddModelError("Member.PartyIds", "Bara en rapportör eller svarande företräder parter. Välj en av de rollerna eller ta bort parterna.");

        var command = new SetMember.Command(roles, parties) { AssociationCode = Code, Email = AdminRules.UserKey(email) };
        return ChangeAsync(MemberFields, () => mediator.Send(command, cancellationToken).AsTask(),
            $"{command.Email} har nu rollerna {string.Join(", ", roles.Select(RoleName))}.", () => LoadAsync(cancellationToken),
            conflicts: new Dictionary<string, (string Input, string Message)>
            {
                [LastAdministrator] = ("Member.Roles",
                    "Medlemmen är förbundets enda administratör. Gör först någon annan till administratör innan du tar bort rollen."),
            });
    }

    public Task<IActionResult> OnPostRemoveAsync(string? email, CancellationToken cancellationToken) =>
        ChangeAsync(RemoveFields, () => mediator.Send(new RemoveMember.Command(Code, email ?? ""), cancellationToken).AsTask(),
            $"{email} är inte längre medlem i förbundet.", () => LoadAsync(cancellationToken),
            conflicts: new Dictionary<string, (string Input, string Message)>
            {
                [LastAdministrator] = ("",
                    $"{email} är förbundets enda administratör och kan inte tas bort. Gör först någon annan till administratör."),
            });

    /// <summary>A role as the page names it.</summary>
    public static string RoleName(string role) => role switch
    {
        Infrastructure.Auth.Roles.Reporter => "rapportör",
        Infrastructure.Auth.Roles.Responder => "svarande/kontaktperson",
        Infrastructure.Auth.Roles.Analyst => "analytiker",
        Infrastructure.Auth.Roles.Admin => "administratör",
        Infrastructure.Auth.Roles.Triager => "handläggare i styrgrupp",
        _ => role,
    };

    /// <summary>What a role lets the member do, as the form's hint says it.</summary>
    public static string RoleHint(string role) => role switch
    {
        Infrastructure.Auth.Roles.Reporter => "Rapporterar avvikelser för de valda parterna.",
        Infrastructure.Auth.Roles.Responder => "Får och besvarar styrgruppens frågor till de valda parterna.",
        Infrastructure.Auth.Roles.Analyst => "Ser förbundets statistik och mönster.",
        Infrastructure.Auth.Roles.Admin => "Administrerar förbundet: parter, medlemmar, styrgrupper och inställningar.",
        _ => "",
    };

    /// <summary>A party's name with its unit, as lists show it.</summary>
    public string PartyName(Guid id, string fallback) =>
        Parties.FirstOrDefault(party => party.Id == id) is { } party ? PartiesModel.Name(party) : fallback;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var parties = await mediator.Send(new ListPartiesAndContacts.Query(Code), cancellationToken);
        AssociationName = parties.AssociationName;
        Parties = parties.Parties;
        Members = (await mediator.Send(new ListMembers.Query(Code), cancellationToken)).Members;
    }
}
