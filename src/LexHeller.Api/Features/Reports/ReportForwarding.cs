using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Patterns;

namespace LexHeller.Api.Features.Reports;

/// <summary>
/// Forwarding: the report is copied into another association's intake (its own reference there,
/// routed by that association's rules, with a link back), and the original points at the copy, so
/// the reporter's receipt can say where it went. Parties and area keep their original identity. The
/// copy counts towards the receiving association's patterns (the original, closed as forwarded, no longer does).
/// </summary>
public static class ReportForwarding
{
    public const string ForwardedIn = "forwarded-in";

    private const string Target = "SELECT id, name FROM associations WHERE id = @Id";

    private const string Copy = """
        INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind,
            reporter_party_id, suggested_category, category, description, consequence, actions_taken, suggested_improvement,
            affected_gender, anonymous_to_parties, status, channel, version, created_at, updated_at, forwarded_from_report_id, involved_party_kinds)
        SELECT @CopyId, @TargetId, area_id, @Reference, @Year, @Sequence, event_date, kind,
            reporter_party_id, suggested_category, category, description, consequence, actions_taken, suggested_improvement,
            affected_gender, anonymous_to_parties, 'received', 'system', 1, @Now, @Now, id, involved_party_kinds
        FROM reports WHERE id = @OriginalId;

        INSERT INTO report_involved_parties (report_id, party_id)
        SELECT @CopyId, party_id FROM report_involved_parties WHERE report_id = @OriginalId;

        INSERT INTO reporter_contacts (report_id, sealed_contact, has_email, purged_at, created_at)
        SELECT @CopyId, sealed_contact, has_email, purged_at, @Now FROM reporter_contacts WHERE report_id = @OriginalId;

        UPDATE reports SET forwarded_to_report_id = @CopyId WHERE id = @OriginalId;
        """;

    private const string CopyRouting = "SELECT area_id, COALESCE(category, suggested_category) AS category FROM reports WHERE id = @Id";

    public static async Task<ForwardedCopy> ForwardAsync(DbSession session, ReportSnapshot original, Guid targetAssociationId, int year,
        string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (targetAssociationId == original.AssociationId)
            throw new UnprocessableException("Cannot forward to the same association", "A report is forwarded to another association than its own.");

        var target = await session.QuerySingleOrDefaultAsync<TargetRow>(
            Target, new { Id = targetAssociationId }, cancellationToken)
            ?? throw new NotFoundException($"Association '{targetAssociationId}'");

        // The copy's reference is the receiving association's: its prefix, its series.
        var reference = await ReportReferences.NextAsync(session, target.Id, year, cancellationToken);
        var copyId = Guid.CreateVersion7(now);
        await session.ExecuteAsync(Copy, new
        {
            CopyId = copyId,
            TargetId = target.Id,
            Reference = reference.ToString(),
            Year = year,
            reference.Sequence,
            OriginalId = original.Id,
            Now = now,
        }, cancellationToken);

        await ReportEvents.AppendAsync(session, copyId, ForwardedIn, actor, null, ReportStatus.Received,
            $"Forwarded from {original.Reference}.", now, cancellationToken,
            System.Text.Json.JsonSerializer.Serialize(new { forwardedFromReportId = original.Id, forwardedFrom = original.Reference }));

        var routing = await session.QuerySingleAsync<RoutingRow>(
            CopyRouting, new { Id = copyId }, cancellationToken);
        await ReportRouting.RouteAsync(session, copyId, target.Id, routing.AreaId, routing.Category, allowForwarding: false, now, cancellationToken);
        // The copy counts in the receiving association, so it may complete a pattern there.
        await PatternDetection.CheckAsync(session, copyId, now, cancellationToken);
        var (subject, body) = GroupMessages.NewReport(reference.ToString());
        await Notifier.NotifyGroupAsync(session, copyId, Notifier.KindGroupNewReport, copyId.ToString("N"), subject, body, now, cancellationToken);
        return new ForwardedCopy(copyId, reference.ToString(), target.Name);
    }

    private sealed class TargetRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
    }

    private sealed class RoutingRow
    {
        public Guid AreaId { get; init; }
        public string Category { get; init; } = "";
    }
}

public sealed record ForwardedCopy(Guid Id, string Reference, string AssociationName);
