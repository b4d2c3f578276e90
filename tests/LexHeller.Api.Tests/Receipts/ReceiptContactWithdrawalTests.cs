namespace LexHeller.Api.Tests.Receipts;

/// <summary>The reporter withdraws their contact details from the receipt, at any time: the sealed contact is deleted and the history says so without it.</summary>
public sealed class ReceiptContactWithdrawalTests : WorkflowTests
{
    private const string Email = "hemlig.rapportor@eksjo.example";

    [Fact]
    public async Task Withdrawing_deletes_the_sealed_contact_logs_it_and_says_so_in_the_history_without_its_content()
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5, ReportBodies.Contact(Email)));
        Assert.True((bool)(await Workflow.ReceiptAsync(token))["hasContact"]!);
        // The receipt's code is kept sealed with the address, for the receipt link in mail (ADR 6): it goes with it.
        Assert.Equal(1, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reporter_contacts WHERE report_id = @Id AND sealed_receipt_token IS NOT NULL", new { Id = id }));

        var response = await Workflow.Anonymous.DeleteAsync($"/api/v1/receipts/{token}/contact");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False((bool)(await Workflow.ReceiptAsync(token))["hasContact"]!);
        Assert.Equal(1, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reporter_contacts WHERE report_id = @Id AND sealed_contact IS NULL AND sealed_receipt_token IS NULL AND has_email = 0 AND purged_at IS NOT NULL",
            new { Id = id }));
        Assert.Equal(("purged", "reporter", "withdrawn-by-reporter"), (await Factory.QueryAsync<(string, string, string)>(
            "SELECT action, actor, purpose FROM reporter_contact_access WHERE report_id = @Id AND action = 'purged'", new { Id = id })).Single());
        var history = (await Workflow.Triager.GetStringAsync($"/api/v1/reports/{id}/history"));
        Assert.Contains("reporter-contact-withdrawn", history, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, history, StringComparison.Ordinal);
        var report = await Workflow.Triager.GetStringAsync($"/api/v1/reports/{id}");
        Assert.DoesNotContain(Email, report, StringComparison.Ordinal);

        // Nothing more is mailed to the reporter: the closure finds no address (only the receipt mail of the submission was queued).
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "closure", new { resolution = "resolved-locally", reason = "Löst." });
        Assert.Equal(["receipt"], await Factory.QueryAsync<string>("SELECT kind FROM outbox_messages WHERE report_id = @Id AND recipient = 'reporter'", new { Id = id }));
    }

    [Fact]
    public async Task Withdrawing_again_or_without_a_contact_changes_nothing_and_an_unknown_code_is_a_404()
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5, ReportBodies.Contact(Email)));
        Assert.Equal(HttpStatusCode.NoContent, (await Workflow.Anonymous.DeleteAsync($"/api/v1/receipts/{token}/contact")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Workflow.Anonymous.DeleteAsync($"/api/v1/receipts/{token}/contact")).StatusCode);
        Assert.Equal(1, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM report_events WHERE report_id = @Id AND event_type = 'reporter-contact-withdrawn'", new { Id = id }));

        await Problems.AssertProblemAsync(await Workflow.Anonymous.DeleteAsync("/api/v1/receipts/10KQ2-M1X9D-HT0RW-CE5NB/contact"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_receipt_page_offers_the_withdrawal_and_the_triage_page_says_the_reporter_withdrew()
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5, ReportBodies.Contact(Email)));
        var pages = Factory.CreatePageClient();
        var path = $"/kvitto/{token}";
        Assert.Contains("Ta bort mina kontaktuppgifter", await pages.GetPageAsync(path), StringComparison.Ordinal);

        using var withdrawn = await pages.PostFormAsync(path, [], $"{path}?handler=WithdrawContact");

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        var page = await pages.GetPageAsync(path);
        Assert.Contains("Dina kontaktuppgifter är borttagna.", page, StringComparison.Ordinal);
        Assert.Contains("id=\"contact-none\"", page, StringComparison.Ordinal);
        var triager = Factory.CreatePageClient();
        await triager.SignInAsync(DemoSeed.TriagerEmail);
        Assert.Contains("Rapportören tog bort sina kontaktuppgifter", await triager.GetPageAsync($"/triage/avvikelse/{id}"), StringComparison.Ordinal);
    }
}
