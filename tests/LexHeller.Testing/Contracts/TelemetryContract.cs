using System.Diagnostics;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// What a request leaves in the traces on either engine: the server span, the mediator's span under it, the
/// database's spans under that (our own <c>LexHeller.Data</c> spans; on SQL Server SqlClient's too), and no
/// report text or contact in any of them.
/// </summary>
public abstract class TelemetryContract : WorkflowContract
{
    [Fact]
    public async Task Filing_a_report_is_traced_from_the_server_span_through_the_mediator_to_the_database()
    {
        await using var factory = await CreateFactoryAsync();
        await using var traced = new TracedService(factory);
        var client = traced.Service.CreateClient();
        var body = ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(client), 0, ReportBodies.Contact());

        var (response, traceId) = await traced.SendTracedAsync(client,
            new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(body) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spans = await traced.SpansOfAsync(traceId, span => span.Source.Name == DataTelemetry.SourceName && span.DisplayName == "db.session");
        var server = Assert.Single(spans, span => span.Kind == ActivityKind.Server);
        Assert.Equal("/api/v1/reports", server.GetTagItem("url.path"));
        var mediator = Assert.Single(spans, span => span.Source.Name == "LexHeller.Mediator");
        Assert.Equal("SubmitReport", mediator.DisplayName);
        Assert.Equal("command", mediator.GetTagItem("lexheller.request.kind"));
        Assert.True(TracedService.IsDescendant(mediator, server, spans), "The mediator span is not under the server span.");
        var engine = factory.Provider == DatabaseProvider.SqlServer ? "mssql" : "sqlite";
        var transaction = Assert.Single(spans, span => span.Source.Name == DataTelemetry.SourceName && span.DisplayName == "db.transaction");
        Assert.Equal(engine, transaction.GetTagItem("db.system"));
        Assert.Equal("commit", transaction.GetTagItem("lexheller.db.outcome"));
        Assert.True(TracedService.IsDescendant(transaction, mediator, spans), "The transaction span is not under the mediator span.");
        var session = spans.Single(span => span.Source.Name == DataTelemetry.SourceName && span.DisplayName == "db.session");
        Assert.True(TracedService.IsDescendant(session, server, spans), "The session span is not under the server span.");
        if (factory.Provider == DatabaseProvider.SqlServer)
        {
            // SqlClient's own spans: one per command, under the mediator's.
            var commands = spans.Where(span => span.Source.Name != DataTelemetry.SourceName
                && (span.GetTagItem("db.system") ?? span.GetTagItem("db.system.name")) is not null).ToList();
            Assert.NotEmpty(commands);
            Assert.All(commands, command => Assert.True(TracedService.IsDescendant(command, mediator, spans), command.DisplayName));
        }
        var contact = ReportBodies.Contact();
        TracedService.AssertNoneHolds(spans, [(string)body["description"]!, (string)body["consequence"]!, "@",
            (string)contact["name"]!, (string)contact["phone"]!]);
    }
}
