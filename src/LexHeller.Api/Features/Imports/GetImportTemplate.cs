using System.Text;
using LexHeller.Api.Features.Admin;
using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Imports;

/// <summary>
/// The import's template: its header row (the names <see cref="ImportMapping.Fields"/> gives the columns) and one
/// example row made of the association's own areas, parties and categories, so that it imports as it is. CSV as
/// Swedish Excel opens it: UTF-8 with a byte order mark, <c>;</c> between values, CRLF after each row.
/// </summary>
public static class GetImportTemplate
{
    public sealed record Query(string AssociationCode) : IQuery<string>;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, string>
    {
        private const string Sql = """
            SELECT name FROM areas WHERE association_id = @AssociationId ORDER BY name COLLATE Finnish_Swedish_100_CI_AS;
            SELECT name, kind FROM parties WHERE association_id = @AssociationId ORDER BY name COLLATE Finnish_Swedish_100_CI_AS;
            SELECT label_sv FROM categories WHERE is_active = 1 AND (association_id IS NULL OR association_id = @AssociationId) ORDER BY sort_order, code;
            """;

        public async ValueTask<string> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);
            await using var results = await session.QueryMultipleAsync(Sql, new { AssociationId = association.Id }, cancellationToken);
            var areas = (await results.ReadAsync<string>()).ToList();
            var parties = (await results.ReadAsync<PartyRow>()).ToList();
            var categories = (await results.ReadAsync<string>()).ToList();

            var header = string.Join(';', ImportMapping.Fields.Select(field => field.Header));
            if (areas.Count == 0 || parties.Count == 0 || categories.Count == 0)
                return header + "\r\n";

            var today = SwedishCalendar.Today(time);
            var reporter = parties[0].Name;
            var involved = parties.FirstOrDefault(party => party.Name != reporter)?.Name ?? reporter;
            var example = new Dictionary<string, string>
            {
                [ImportMapping.ExternalId] = "EXEMPEL-1",
                [ImportMapping.EventDate] = Iso(today.AddDays(-40)),
                [ImportMapping.ReceivedDate] = Iso(today.AddDays(-38)),
                [ImportMapping.Area] = areas[0],
                [ImportMapping.ReporterParty] = reporter,
                [ImportMapping.InvolvedParties] = involved,
                [ImportMapping.Category] = categories[0],
                [ImportMapping.Kind] = "Inträffat",
                [ImportMapping.Description] = "Exempel: remissen om en gemensam kartläggning besvarades inte, och ingen fick veta vem som ägde frågan.",
                [ImportMapping.Consequence] = "Insatsen startade två månader senare än planerat.",
                [ImportMapping.ActionsTaken] = "Enhetscheferna har talats vid.",
                [ImportMapping.SuggestedImprovement] = "Remisser kvitteras av mottagaren inom en vecka.",
                [ImportMapping.Status] = "Avslutad",
                [ImportMapping.Resolution] = Swedish.Resolution(Resolution.Answered),
                [ImportMapping.ClosedDate] = Iso(today.AddDays(-10)),
                [ImportMapping.AnswerParty] = involved,
                [ImportMapping.Answer] = "Remissen kom bort när handläggaren bytte enhet. Vi har infört en gemensam brevlåda för remisser.",
                [ImportMapping.AnsweredDate] = Iso(today.AddDays(-20)),
                [ImportMapping.ClosingWord] = "Styrgruppen följer upp rutinen för remisser vid nästa möte.",
            };
            return header + "\r\n" + string.Join(';', ImportMapping.Fields.Select(field => Quoted(example[field.Name]))) + "\r\n";
        }

        private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string Quoted(string value) =>
            value.AsSpan().IndexOfAny(['"', '\r', '\n', ';', ',']) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

        private sealed class PartyRow
        {
            public string Name { get; init; } = "";
            public string Kind { get; init; } = "";
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/imports/template.csv", Endpoint)
            .WithName("GetImportTemplate")
            .WithSummary("The import's template: its header row and one example row")
            .WithDescription("CSV (UTF-8 with a byte order mark, ';' between values, as Swedish Excel opens it). The header row names the columns "
                + "the import reads; the example row uses the association's own areas, parties and categories and imports as it is.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");

    public static async Task<IResult> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken)
    {
        var csv = await mediator.Send(new Query(code), cancellationToken);
        return TypedResults.File([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", "importmall.csv");
    }
}
