using LexHeller.Domain;
using LexHeller.Domain.Insight;
using LexHeller.Domain.Lifecycle;
using LexHeller.Domain.Reports;

namespace LexHeller.Baseline;

/// <summary>The contact part of the body: same shape as SubmitReport.ReporterContact.</summary>
public sealed record ContactBody(string? Name, string? Role, string? Email, string? Phone, bool? AnonymousToParties);

/// <summary>The body, same shape as SubmitReport.Command; kinds and genders stay text (their codes).</summary>
public sealed record SubmitCommand(
    string? AssociationCode, string? AreaCode, DateOnly? EventDate, string? Kind, Guid? ReporterPartyId,
    IReadOnlyList<Guid>? InvolvedPartyIds, string? SuggestedCategory, string? Description, string? Consequence,
    string? ActionsTaken, string? SuggestedImprovement, string? AffectedGender, ContactBody? Reporter)
{
    /// <summary>Only what the inserts need to hold (no validation library, no personal-number guard): the report, ready to write.</summary>
    public CheckedReport? Validate(World world, ApiClient client)
    {
        if (AssociationCode != world.AssociationCode || AreaCode is null || !world.Areas.TryGetValue(AreaCode, out var areaId)
            || EventDate is null || Kind is null || ReporterPartyId != client.PartyId || InvolvedPartyIds is not { Count: > 0 }
            || SuggestedCategory is null || Description is null || Consequence is null
            || InvolvedPartyIds.Any(id => !world.PartyKinds.ContainsKey(id)))
            return null;

        var kinds = InvolvedPartyIds.Select(id => world.PartyKinds[id]).ToHashSet();
        var rule = Router.Choose(world.Rules, new RoutedReport(areaId, kinds, SuggestedCategory));
        if (rule?.QueueId is null)
            return null;
        return new CheckedReport(this, areaId, PartyKindSet.KeyOf(kinds), rule, world.RuleDescriptions[rule.Id]);
    }
}

public sealed record CheckedReport(SubmitCommand Command, Guid AreaId, string PartyKinds, RoutingRule Rule, (string Rule, string? Queue) Names);

public sealed record ApiClient(Guid Id, Guid PartyId, string Name);

public sealed record PendingReport(CheckedReport Report, ApiClient Client, string? IdempotencyKey, string RequestHash);

/// <summary>The answer, same JSON shape as SubmitReport.Response.</summary>
public sealed record SubmitResponse(Guid Id, string Reference, string ReceiptToken, string Status);

/// <summary>What the service looks up per request (association, areas, parties, keys, routing rules), read once at start.</summary>
public sealed record World(
    Guid AssociationId, string AssociationCode, IReadOnlyDictionary<string, Guid> Areas, IReadOnlyDictionary<Guid, PartyKind> PartyKinds,
    IReadOnlyDictionary<string, ApiClient> ApiClients, IReadOnlyList<RoutingRule> Rules, IReadOnlyDictionary<Guid, (string Rule, string? Queue)> RuleDescriptions)
{
    public static World Read(string database, string code = "hoglandet")
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        List<object?[]> Rows(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$code", code);
            using var reader = command.ExecuteReader();
            var rows = new List<object?[]>();
            while (reader.Read())
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
            return rows;
        }

        static Guid? Id(object? value) => value is null ? null : Guid.Parse((string)value);
        var association = Id(Rows("SELECT id FROM associations WHERE code = $code").Single()[0])!.Value;
        const string Of = "JOIN associations s ON s.id = x.association_id WHERE s.code = $code";
        var rules = Rows($"""
            SELECT x.id, x.area_id, x.party_kind, x.category, x.queue_id, x.forward_to_association_id, x.priority, x.description, q.name
            FROM routing_rules x LEFT JOIN queues q ON q.id = x.queue_id {Of}
            """);
        return new World(
            association, code,
            Rows($"SELECT x.code, x.id FROM areas x {Of}").ToDictionary(r => (string)r[0]!, r => Id(r[1])!.Value),
            Rows($"SELECT x.id, x.kind FROM parties x {Of}").ToDictionary(r => Id(r[0])!.Value, r => Codes.Parse<PartyKind>((string)r[1]!)),
            Rows($"SELECT x.key_hash, x.id, x.party_id, x.name FROM api_clients x {Of} AND x.revoked_at IS NULL")
                .ToDictionary(r => (string)r[0]!, r => new ApiClient(Id(r[1])!.Value, Id(r[2])!.Value, (string)r[3]!)),
            [.. rules.Select(r => new RoutingRule(Id(r[0])!.Value, Id(r[1]), r[2] is string kind ? Codes.Parse<PartyKind>(kind) : null,
                (string?)r[3], Id(r[4]), Id(r[5]), (int)(long)r[6]!))],
            rules.ToDictionary(r => Id(r[0])!.Value, r => ((string)r[7]!, (string?)r[8])));
    }
}
