using System.Text.Json.Serialization;
using FluentValidation;
using LexHeller.Api.Data;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Features.Shared;
using LexHeller.Api.Infrastructure.Auth;
using LexHeller.Api.Infrastructure.Mediator;
using LexHeller.Api.Infrastructure.Validation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// What every triage command shares: the report it acts on and the version the caller last read
/// (both from the request line, not the body), and a written reason, which the report's history shows
/// to others: it is free text, guarded like every other.
/// </summary>
public abstract record TriageCommand : ICommand<ReportStateResponse>, IHaveFreeText
{
    public const int ReasonMaxLength = 2000;

    [JsonIgnore]
    public Guid ReportId { get; init; }

    [JsonIgnore]
    public int? ExpectedVersion { get; init; }

    /// <summary>Why: every state change is explained in the report's history.</summary>
    public string? Reason { get; init; }

    /// <summary>The reason; a command with more free text adds its own fields.</summary>
    public virtual IEnumerable<(string Field, string? Text)> FreeText() => [("reason", Reason)];
}

public static class TriageValidation
{
    public static IRuleBuilderOptions<T, string?> WrittenReason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(reason => !string.IsNullOrWhiteSpace(reason)).WithMessage("A written reason is required.")
            .MaximumLength(TriageCommand.ReasonMaxLength)
            .NoControlCharacters();
}

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
