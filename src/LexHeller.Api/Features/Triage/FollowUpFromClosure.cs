using LexHeller.Api.Features.FollowUps;
using LexHeller.Api.Features.Reports;
using static LexHeller.Api.Features.Shared.ValidationFailures;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// A structural follow-up started while a report is closed for one (<see cref="CloseReport.Command.NewFollowUp"/>):
/// opened for the report's association, owned by a steering group of it that the caller sits in (as linking to an
/// existing follow-up takes its owner group), with the report linked, in the closing's transaction.
/// </summary>
public static class FollowUpFromClosure
{
    [Description("A structural follow-up to start from the report being closed; the report is linked to it.")]
    public sealed record NewFollowUp(
        [property: Description("What the follow-up is about (at most 200 characters).")] string? Title,
        [property: Description("The steering group of the report's association that owns it; the caller must sit in it.")] Guid? OwnerGroupId,
        [property: Description("What the group decided to do (at most 4000 characters).")] string? Decision = null,
        [property: Description("When it is to be done (YYYY-MM-DD).")] DateOnly? DueOn = null);

    /// <summary>Opens the follow-up and links the report; returns the follow-up's id.</summary>
    public static async Task<Guid> StartAsync(DbSession session, Caller caller, ReportSnapshot report, NewFollowUp newFollowUp, string actor,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ownerGroupId = newFollowUp.OwnerGroupId!.Value;
        if (!await FollowUpStore.IsGroupOfAssociationAsync(session, ownerGroupId, report.AssociationId, cancellationToken))
            throw Invalid("newFollowUp.ownerGroupId", "The owner must be a steering group of the report's association.", ownerGroupId);
        await FollowUpStore.EnsureGroupMemberAsync(session, caller, ownerGroupId, cancellationToken);

        var title = newFollowUp.Title!.Trim();
        var id = await FollowUpStore.OpenAsync(session, new FollowUpOpening(report.AssociationId, ownerGroupId, title,
            newFollowUp.Decision?.Trim(), newFollowUp.DueOn), actor, now, cancellationToken);
        await FollowUpStore.LinkReportsAsync(session, id, title, [report.Id], actor, now, cancellationToken);
        return id;
    }
}
