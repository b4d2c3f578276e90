using Dapper;

namespace LexHeller.Api.Features.Reports;

/// <summary>
/// Puts a new report in exactly one queue by the association's routing rules (data, never code),
/// and records which rule decided. A forwarding rule sends the report to another association.
/// </summary>
public static class ReportRouting
{
    public const string Routed = "routed";
    public const string Unrouted = "unrouted";
    public const string Rerouted = "rerouted";

    /// <summary>How the history names routing's own events.</summary>
    public const string SystemActor = "system:routing";

    private const string Rules = """
        SELECT r.id, r.area_id, r.party_kind, r.category, r.queue_id, r.forward_to_association_id, r.priority, r.description,
               q.name AS queue_name
        FROM routing_rules r
        LEFT JOIN queues q ON q.id = r.queue_id
        WHERE r.association_id = @AssociationId
        """;

    private const string InvolvedKinds = """
        SELECT DISTINCT p.kind FROM report_involved_parties ip JOIN parties p ON p.id = ip.party_id WHERE ip.report_id = @ReportId
        """;

    private const string SetQueue = "UPDATE reports SET queue_id = @QueueId WHERE id = @ReportId";

    /// <summary>
    /// Routes the report; forwarding rules are ignored for a copy that was itself forwarded in. The kinds of its
    /// involved parties are read from the report unless the caller passes them (<paramref name="involvedKinds"/>).
    /// </summary>
    public static async Task<RoutingOutcome> RouteAsync(DbSession session, Guid reportId, Guid associationId, Guid areaId, string category,
        bool allowForwarding, DateTimeOffset now, CancellationToken cancellationToken, IReadOnlySet<PartyKind>? involvedKinds = null)
    {
        var rows = (await session.QueryAsync<RuleRow>(
            Rules, new { AssociationId = associationId }, cancellationToken)).ToList();
        var kinds = involvedKinds ?? (await session.QueryAsync<string>(
            InvolvedKinds, new { ReportId = reportId }, cancellationToken))
            .Select(Codes.Parse<PartyKind>).ToHashSet();

        var candidates = rows.Where(row => allowForwarding || row.QueueId is not null).Select(row => row.ToRule());
        var chosen = Router.Choose(candidates, new RoutedReport(areaId, kinds, category));
        if (chosen is null)
        {
            await ReportEvents.AppendAsync(session, reportId, Unrouted, "system:routing", null, null,
                "No routing rule of the association matched; an administrator must add a default rule.", now, cancellationToken);
            return new RoutingOutcome(null, null, null);
        }

        var row = rows.Single(r => r.Id == chosen.Id);
        if (chosen.QueueId is { } queueId)
        {
            await session.ExecuteAsync(SetQueue, new { QueueId = queueId, ReportId = reportId },
                cancellationToken);
        }

        var data = JsonSerializer.Serialize(new
        {
            ruleId = chosen.Id,
            rule = row.Description,
            queueId = chosen.QueueId,
            queue = row.QueueName,
            forwardToAssociationId = chosen.ForwardToAssociationId,
        });
        await ReportEvents.AppendAsync(session, reportId, Routed, "system:routing", null, null,
            $"Routing rule '{row.Description}' matched.", now, cancellationToken, data);
        return new RoutingOutcome(chosen.Id, chosen.QueueId, chosen.ForwardToAssociationId);
    }

    private const string Facts = """
        SELECT r.area_id, r.effective_category AS category, r.queue_id, q.name AS queue_name
        FROM reports r LEFT JOIN queues q ON q.id = r.queue_id
        WHERE r.id = @ReportId
        """;

    /// <summary>
    /// Routes the report again after triage changed what routing looks at (docs/domain.md, "Re-routing"): the
    /// association's queue rules decide as for a new report, but a forwarding rule is never applied (forwarding is
    /// the triager's decision, closing the report as forwarded). When another queue now matches, the report moves
    /// there, a <see cref="Rerouted"/> event names the rule and both queues, and the queue is returned; otherwise null.
    /// </summary>
    public static async Task<RerouteOutcome?> RerouteAsync(DbSession session, Guid reportId, Guid associationId, string actor, string cause,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var facts = await session.QuerySingleAsync<FactsRow>(Facts, new { ReportId = reportId }, cancellationToken);
        var rows = (await session.QueryAsync<RuleRow>(
            Rules, new { AssociationId = associationId }, cancellationToken)).ToList();
        var kinds = (await session.QueryAsync<string>(
            InvolvedKinds, new { ReportId = reportId }, cancellationToken))
            .Select(Codes.Parse<PartyKind>).ToHashSet();

        var chosen = Router.Choose(rows.Where(row => row.QueueId is not null).Select(row => row.ToRule()),
            new RoutedReport(facts.AreaId, kinds, facts.Category));
        if (chosen?.QueueId is not { } queueId || queueId == facts.QueueId)
            return null;

        var row = rows.Single(r => r.Id == chosen.Id);
        await session.ExecuteAsync(SetQueue, new { QueueId = queueId, ReportId = reportId }, cancellationToken);
        var data = JsonSerializer.Serialize(new
        {
            ruleId = chosen.Id,
            rule = row.Description,
            fromQueueId = facts.QueueId,
            fromQueue = facts.QueueName,
            queueId,
            queue = row.QueueName,
            cause,
        });
        await ReportEvents.AppendAsync(session, reportId, Rerouted, actor, null, null,
            $"Routing rule '{row.Description}' matched after the {cause} changed: moved from '{facts.QueueName ?? "no queue"}' to '{row.QueueName}'.",
            now, cancellationToken, data);
        return new RerouteOutcome(chosen.Id, row.Description, queueId, row.QueueName ?? "");
    }

    private sealed class FactsRow
    {
        public Guid AreaId { get; init; }
        public string Category { get; init; } = "";
        public Guid? QueueId { get; init; }
        public string? QueueName { get; init; }
    }

    private sealed class RuleRow
    {
        public Guid Id { get; init; }
        public Guid? AreaId { get; init; }
        public string? PartyKind { get; init; }
        public string? Category { get; init; }
        public Guid? QueueId { get; init; }
        public Guid? ForwardToAssociationId { get; init; }
        public int Priority { get; init; }
        public string Description { get; init; } = "";
        public string? QueueName { get; init; }

        public RoutingRule ToRule() => new(Id, AreaId,
            PartyKind is null ? null : Codes.Parse<PartyKind>(PartyKind), Category, QueueId, ForwardToAssociationId, Priority);
    }
}

/// <summary>Where routing sent a report: a queue, or another association (or nowhere, when no rule matched).</summary>
public sealed record RoutingOutcome(Guid? RuleId, Guid? QueueId, Guid? ForwardToAssociationId);

/// <summary>Where re-routing moved a report: the rule that decided and the queue it is in now.</summary>
public sealed record RerouteOutcome(Guid RuleId, string Rule, Guid QueueId, string Queue);
