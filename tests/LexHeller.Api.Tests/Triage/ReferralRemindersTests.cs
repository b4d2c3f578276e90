using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Tests.Notifications;
using LexHeller.Testing;

namespace LexHeller.Api.Tests.Triage;

/// <summary>Reminders for referrals made and answered through the API, on the service's fake clock.</summary>
public sealed class ReferralRemindersTests : WorkflowTests
{
    [Fact]
    public async Task An_open_referral_is_reminded_once_before_and_once_after_its_due_date_and_an_answered_one_never()
    {
        var open = await ReferToForsakringskassanAsync(13);
        var answered = await ReferToForsakringskassanAsync(10);
        await Workflow.AnswerAsync(Workflow.ResponderFk, answered.ReportId);

        // The association's deadline is 60 days: seven days before it, the before-reminder.
        Factory.Clock.Advance(TimeSpan.FromDays(53) + TimeSpan.FromHours(1));
        await Factory.EventuallyAsync(async () => (await RemindersAsync(open.ReferralId)).Count == 1, "the before-reminder is queued");
        Factory.Clock.Advance(TimeSpan.FromDays(8));
        await Factory.EventuallyAsync(async () => (await RemindersAsync(open.ReferralId)).Count == 2, "the overdue reminder is queued");
        Factory.Clock.Advance(TimeSpan.FromDays(3));
        await Factory.EventuallyAsync(async () => await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM referrals WHERE id = @Id AND reminded_after_at IS NOT NULL", new { Id = open.ReferralId }) == 1, "the job has run");

        Assert.Equal([Notifier.KindReminderAfterDue, Notifier.KindReminderBeforeDue], (await RemindersAsync(open.ReferralId)).Order());
        Assert.Empty(await RemindersAsync(answered.ReferralId));
    }

    private async Task<(Guid ReportId, Guid ReferralId)> ReferToForsakringskassanAsync(int fixture)
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, fixture));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        var report = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        return (id, (Guid)report["referrals"]![0]!["id"]!);
    }

    private Task<IReadOnlyList<string>> RemindersAsync(Guid referralId) =>
        Factory.QueryAsync<string>("SELECT kind FROM outbox_messages WHERE kind LIKE 'reminder-%' AND dedup_key LIKE @Pattern",
            new { Pattern = $"%:{referralId:D}:%" });
}
