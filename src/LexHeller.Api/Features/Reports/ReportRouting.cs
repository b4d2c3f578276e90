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
