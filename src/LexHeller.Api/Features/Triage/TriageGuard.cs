using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.Triage;

/// <summary>Loads the report, checks that the caller triages it and that If-Match is current.</summary>
public static class TriageGuard
{
    public static async Task<ReportSnapshot> LoadForChangeAsync(DbSession session, Caller caller, TriageCommand command, CancellationToken cancellationToken)
    {
        var report = await ReportTransitions.LoadAsync(session, command.ReportId, cancellationToken);
        await ReportAccess.EnsureCanTriageAsync(session, caller, report.AssociationId, report.QueueId, cancellationToken);
        Versioning.Check(report.Version, command.ExpectedVersion, "report");
        return report;
    }

    /// <summary>Sends the command for the report in the route with the version from If-Match; answers with the new state and ETag.</summary>
    public static async Task<Ok<ReportStateResponse>> SendAsync<TCommand>(TCommand command, Guid id, string? ifMatch,
        IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken)
        where TCommand : TriageCommand
    {
        var response = await mediator.Send(command with { ReportId = id, ExpectedVersion = Versioning.ParseIfMatch(ifMatch) }, cancellationToken);
        httpContext.Response.Headers.ETag = Versioning.ETag(response.Version);
        return TypedResults.Ok(response);
    }
}
