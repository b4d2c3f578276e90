using System.Text.Json;
using System.Text.Json.Nodes;
using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// An association's audit log (<see cref="ListAuditEvents"/>), newest first, a page at a time: when, who, what in
/// Swedish, and which fields the change set or changed, before and after.
/// </summary>
public sealed class AuditLogModel(IMediator mediator) : AdminPageModel(AdminNavigation.AuditLog)
{
    /// <summary>One field of the thing changed: its value before and after (null when it had none).</summary>
    public sealed record Change(string Field, string? Before, string? After);

    private const int MaxValueLength = 300;

    public IReadOnlyList<ListAuditEvents.AuditEvent> Events { get; private set; } = [];

    /// <summary>The association's parties and steering groups by id, so that a change names them rather than their keys.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    /// <summary>The event the older page starts after; null on the last page.</summary>
    public Guid? NextBefore { get; private set; }

    /// <summary>Whether this is an older page (<c>?fore=</c>), so that it links back to the newest.</summary>
    public bool IsOlderPage { get; private set; }

    public async Task OnGetAsync([FromQuery(Name = "fore")] Guid? before, CancellationToken cancellationToken)
    {
        var parties = await mediator.Send(new ListPartiesAndContacts.Query(Code), cancellationToken);
        AssociationName = parties.AssociationName;
        var groups = await mediator.Send(new ListSteeringGroups.Query(Code), cancellationToken);
        Names = parties.Parties.Select(party => (Id: party.Id, Name: PartiesModel.Name(party)))
            .Concat(groups.SteeringGroups.Select(group => (Id: group.Id, group.Name)))
            .ToDictionary(item => item.Id.ToString(), item => item.Name, StringComparer.OrdinalIgnoreCase);
        var page = await mediator.Send(new ListAuditEvents.Query(Code, null, before), cancellationToken);
        Events = page.Events;
        NextBefore = page.NextBefore;
        IsOlderPage = before is not null;
    }

    /// <summary>What was done, in Swedish; the API's name when the page does not know it.</summary>
    public static string Action(string action) => action switch
    {
        "association.created" => "Förbund skapat",
        "association.updated" => "Förbundets inställningar ändrade",
        "area.created" => "Område skapat",
        "area.updated" => "Område ändrat",
        "party.created" => "Part skapad",
        "party.updated" => "Part ändrad",
        "party-contact.added" => "Kontaktperson tillagd",
        "party-contact.removed" => "Kontaktperson borttagen",
        "member.updated" => "Medlemmens roller ändrade",
        "member.removed" => "Medlem borttagen",
        "steering-group.created" => "Styrgrupp skapad",
        "steering-group.updated" => "Styrgrupp ändrad",
        "steering-group.meetings-replaced" => "Styrgruppens möten ändrade",
        "steering-group-member.added" => "Ledamot tillagd i styrgrupp",
        "steering-group-member.removed" => "Ledamot borttagen ur styrgrupp",
        "queue.created" => "Kö skapad",
        "routing-rule.created" => "Routningsregel skapad",
        "routing-rule.deleted" => "Routningsregel borttagen",
        "category.created" => "Kategori skapad",
        "category.updated" => "Kategori ändrad",
        "api-client.created" => "API-nyckel skapad",
        "api-client.revoked" => "API-nyckel återkallad",
        "notification.retried" => "Meddelande skickat igen",
        "import-register" => "Register importerat",
        "installation-administrator.granted" => "Installationsadministratör tillagd",
        _ => action,
    };

    /// <summary>Who made the change: a person by their address, the service's own names in Swedish.</summary>
    public static string Actor(string actor) => actor switch
    {
        "system" or "apply" => "Lex Heller (konfigurationsfil)",
        _ => Swedish.Actor(actor),
    };

    /// <summary>What the change was made to, as a reader recognises it: its name or address, else its key.</summary>
    public static string Subject(ListAuditEvents.AuditEvent auditEvent) =>
        Text(auditEvent.After, "name") ?? Text(auditEvent.Before, "name") ?? Text(auditEvent.After, "email") ?? Text(auditEvent.Before, "email")
        ?? auditEvent.EntityId;

    /// <summary>
    /// The fields the change touched: all of them for a thing created or removed, those whose value differs
    /// for a thing changed. A before or after that is not an object is shown as one value.
    /// </summary>
    public static IReadOnlyList<Change> Changes(ListAuditEvents.AuditEvent auditEvent, IReadOnlyDictionary<string, string> names)
    {
        string? Value(JsonNode? node) => Named(AuditLogModel.Value(node), names);
        var before = auditEvent.Before as JsonObject;
        var after = auditEvent.After as JsonObject;
        if ((auditEvent.Before is not null && before is null) || (auditEvent.After is not null && after is null))
            return [new Change("", Value(auditEvent.Before), Value(auditEvent.After))];

        var fields = (before?.Select(pair => pair.Key) ?? []).Concat(after?.Select(pair => pair.Key) ?? []).Distinct(StringComparer.Ordinal);
        return [.. fields
            .Select(field => new Change(FieldName(field), Value(before?[field]), Value(after?[field])))
            .Where(change => before is null || after is null || change.Before != change.After)];
    }

    /// <summary>The API's field name in Swedish where the page knows it.</summary>
    public static string FieldName(string field) => field switch
    {
        "id" => "Id",
        "code" => "Kod",
        "name" => "Namn",
        "unit" => "Enhet",
        "kind" => "Slag",
        "email" => "E-postadress",
        "roles" => "Roller",
        "partyIds" => "Parter",
        "parties" => "Parter",
        "steeringGroups" => "Styrgrupper",
        "steeringGroupId" => "Styrgrupp",
        "partyId" => "Part",
        "nextMeetingOn" => "Nästa möte",
        "meetings" => "Möten",
        "active" => "Aktiv",
        "cutOffDays" => "Dagar före mötet",
        "cutOffOn" => "Sista dag för ärenden",
        "areaCode" => "Område",
        "partyKind" => "Slag av part",
        "category" => "Kategori",
        "queueId" => "Kö",
        "description" => "Beskrivning",
        "priority" => "Prioritet",
        "specificity" => "Precision",
        "forwardToAssociationCode" => "Vidare till förbund",
        "createdAt" => "Skapad",
        "label" => "Benämning",
        "notice" => "Meddelande",
        _ => field,
    };

    /// <summary>A value that is the key of a party or steering group (or a list of them) shown by its name.</summary>
    private static string? Named(string? value, IReadOnlyDictionary<string, string> names) =>
        value is null ? null : string.Join(", ", value.Split(", ").Select(part => names.TryGetValue(part, out var name) ? name : part));

    private static string? Text(JsonNode? node, string field) =>
        node is JsonObject obj && obj[field] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static string? Value(JsonNode? node)
    {
        var text = node switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            JsonValue value when value.TryGetValue<bool>(out var b) => b ? "ja" : "nej",
            JsonArray array => array.Count == 0 ? "(inga)" : string.Join(", ", array.Select(item => Value(item) ?? "")),
            JsonObject obj when obj["name"] is JsonValue => Text(obj, "name"),
            _ => node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
        };
        return text is { Length: > MaxValueLength } ? text[..MaxValueLength] + "…" : text;
    }
}
