using LexHeller.Api.Features.Notifications;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// The triage workflow's storage behaviour — routing, transitions with versions, referrals and
/// answers, the receipt's view, forwarding and keyset paging — written once and bound to each engine.
/// </summary>
public abstract class TriageWorkflowContract : WorkflowContract
{

    [Theory]
    [InlineData(0, "Beredningsgruppen Höglandet")]   // conflicting-rules: the category rule sends it to the beredningsgrupp
    [InlineData(2, "LSG Vetlanda")]
    [InlineData(7, "LSG Tranås")]
    public async Task A_report_goes_from_submit_through_two_referrals_to_closed_and_the_receipt_shows_each_step(int fixture, string queue)
    {
        var factory = await StartAsync();
        var contact = ReportBodies.Contact($"rapportor{fixture}@kommun.example");
        var (id, token, reference) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, fixture, contact));

        var report = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Equal(queue, (string)report["queue"]!["name"]!);
        var history = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray();
        Assert.Equal(["submitted", "routed"], history.Select(e => (string)e!["type"]!));
        Assert.Contains(queue, (string)history[1]!["data"]!["queue"]!, StringComparison.Ordinal);

        Assert.Equal("in-triage", (string)(await Workflow.StepAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget." }))["status"]!);
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await Workflow.ReferAsync(id, "Arbetsförmedlingen");
        Assert.Equal("referred", (string)(await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["status"]!);

        var first = await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        Assert.Equal("referred", (string)first["reportStatus"]!);
        Assert.Equal(1, (int)first["openReferrals"]!);
        var second = await Workflow.AnswerAsync(Workflow.ResponderAf, id);
        Assert.Equal("answered", (string)second["reportStatus"]!);

        var closed = await Workflow.StepAsync(id, "closure", new
        {
            resolution = "answered",
            reason = "Båda parterna har svarat och åtgärder är beslutade.",
            messageToReporter = "Tack för din rapport. Parterna har svarat och frågan följs upp i styrgruppen.",
        });
        Assert.Equal("closed", (string)closed["status"]!);
        Assert.Equal("answered", (string)closed["resolution"]!);

        var receipt = await Workflow.ReceiptAsync(token);
        Assert.Equal(reference, (string)receipt["reference"]!);
        // Each state the report passed through, and each party's answer as a step of its own, named by its party.
        Assert.Equal(["received", "in-triage", "referred", "referred", "referred", "referred", "answered", "closed"],
            receipt["timeline"]!.AsArray().Select(e => (string)e!["status"]!));
        Assert.Equal(["Arbetsförmedlingen", "Försäkringskassan"], receipt["timeline"]!.AsArray()
            .Where(e => (string)e!["event"]! == "referral-answered").Select(e => (string)e!["party"]!).Order());
        Assert.Equal(["Arbetsförmedlingen", "Försäkringskassan"], receipt["referredTo"]!.AsArray().Select(p => (string)p!).Order());
        Assert.Equal(2, receipt["answers"]!.AsArray().Count);
        Assert.All(receipt["answers"]!.AsArray(), answer => Assert.Equal("Enhetschef", (string)answer!["responderRole"]!));
        Assert.Equal("closure", (string)receipt["messages"]!.AsArray().Single()!["kind"]!);
        var receiptJson = receipt.ToJsonString();
        Assert.DoesNotContain("triager@demo", receiptJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Eva Enhetschef", receiptJson, StringComparison.Ordinal);

        // Messages to the reporter name no address: it is opened from the sealed contact when they are sent.
        var mail = await factory.QueryAsync<string>(
            "SELECT kind FROM outbox_messages WHERE report_id = @Id AND recipient = @Recipient ORDER BY created_at, kind",
            new { Id = id, Recipient = Outbox.ReporterRecipient });
        Assert.Equal(["answer", "answer", "closure", "receipt", "referral-to-reporter", "referral-to-reporter"], mail.Order());
        Assert.Equal(0, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE recipient = @Email",
            new { Email = $"rapportor{fixture}@kommun.example" }));
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND kind = 'referral' AND recipient = 'responder.fk@demo.lexheller.example'",
            new { Id = id }));
    }

    [Fact]
    public async Task Forwarding_gives_the_copy_the_next_reference_of_the_other_association()
    {
        var factory = await StartAsync();
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 11));
        var neighbourReports = await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reports r JOIN associations a ON a.id = r.association_id WHERE a.code = 'jonkoping'");

        await Workflow.StepAsync(id, "closure", new { resolution = "forwarded", forwardToAssociationCode = "jonkoping", reason = "Hör till grannförbundet." });

        var receipt = await Workflow.ReceiptAsync(token);
        Assert.Equal($"LH-2026-{neighbourReports + 1:D5}", (string)receipt["forwardedTo"]!["reference"]!);
        Assert.Equal(neighbourReports + 1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reports r JOIN associations a ON a.id = r.association_id WHERE a.code = 'jonkoping'"));
    }

    [Fact]
    public async Task Forwarding_into_an_association_with_a_prefix_of_its_own_gives_the_copy_that_prefix()
    {
        var factory = await StartAsync();
        var association = await PrefixedAssociation.CreateAsync(factory, "prefixat", "HL");
        var (id, token, reference) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 11));

        await Workflow.StepAsync(id, "closure", new { resolution = "forwarded", forwardToAssociationCode = association.Code, reason = "Hör till förbundet." });

        var forwarded = (await Workflow.ReceiptAsync(token))["forwardedTo"]!;
        Assert.Equal(("HL-2026-00001", association.Name), ((string)forwarded["reference"]!, (string)forwarded["associationName"]!));
        Assert.StartsWith("LH-2026-", reference, StringComparison.Ordinal);
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reports WHERE association_id = @Id AND reference = 'HL-2026-00001' AND forwarded_from_report_id = @Original",
            new { association.Id, Original = id }));
    }

    [Fact]
    public async Task A_queue_is_listed_newest_first_in_keyset_pages_without_gaps_or_repeats()
    {
        var factory = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(1));
            await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));
        }

        var queueId = await factory.ScalarAsync<Guid>("SELECT id FROM queues WHERE name = 'LSG Nässjö'");
        var expected = await factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports WHERE queue_id = @QueueId", new { QueueId = queueId });
        var seen = new List<(string Reference, DateTimeOffset CreatedAt)>();
        string? cursor = null;
        do
        {
            var page = (await Workflow.Triager.GetFromJsonAsync<JsonNode>(
                $"/api/v1/queues/{queueId}/reports?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}"))!;
            var items = page["items"]!.AsArray();
            Assert.InRange(items.Count, 1, 2);
            seen.AddRange(items.Select(item => ((string)item!["reference"]!, (DateTimeOffset)item["createdAt"]!)));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.Equal(expected, seen.Count);
        Assert.Equal(expected, seen.Select(item => item.Reference).Distinct().Count());
        Assert.Equal(seen.Select(item => item.CreatedAt).OrderDescending(), seen.Select(item => item.CreatedAt));
    }
}
