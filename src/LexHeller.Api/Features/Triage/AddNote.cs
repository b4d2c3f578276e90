using LexHeller.Api.Features.Reports;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Triage;

/// <summary>An internal note on a report: for the steering group only, never on the receipt or to a party.</summary>
public static class AddNote
{
    public const int TextMaxLength = 4000;

    [Description("An internal note.")]
    public sealed record Command([property: Description("The note; seen by the steering group only.")] string? Text) : ICommand<Note>, IHaveFreeText
    {
        [JsonIgnore]
        public Guid ReportId { get; init; }

        public IEnumerable<(string Field, string? Text)> FreeText() => [("text", Text)];
    }

    public sealed record Note(Guid Id, string Author, string Text, DateTimeOffset CreatedAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Text).FreeText(TextMaxLength);
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, Note>
    {
        private const string Insert = """
            INSERT INTO report_notes (id, report_id, author, body, created_at) VALUES (@Id, @ReportId, @Author, @Body, @Now)
            """;

        public async ValueTask<Note> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var report = await ReportTransitions.LoadAsync(session, command.ReportId, cancellationToken);
            await ReportAccess.EnsureCanTriageAsync(session, caller, report.AssociationId, report.QueueId, cancellationToken);
            ReportLifecycle.Decide(report.Status, ReportAction.AddNote).ThrowIfRefused();

            var now = time.GetUtcNow();
            var note = new Note(Guid.CreateVersion7(now), Actor.Of(caller), command.Text!.Trim(), now);
            await session.ExecuteAsync(Insert,
                new { note.Id, ReportId = report.Id, note.Author, Body = note.Text, Now = now }, cancellationToken);
            await ReportEvents.AppendAsync(session, report.Id, ReportEvents.NoteAdded, note.Author, null, null, "Internal note.", now,
                cancellationToken, JsonSerializer.Serialize(new { noteId = note.Id }));
            return note;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapPost("/notes", Endpoint)
            .WithName("AddReportNote")
            .WithSummary("Add an internal note (never shown to the reporter or a party)")
            .WithDescription("Triagers of the steering group that owns the report's queue. Not a state change: no If-Match.")
            .ProducesValidationProblem()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Created<Note>> Endpoint(Guid id, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken)
    {
        var note = await mediator.Send(command with { ReportId = id }, cancellationToken);
        return TypedResults.Created($"/api/v1/reports/{id}", note);
    }
}
