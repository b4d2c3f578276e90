using System.Globalization;
using System.Text.RegularExpressions;
using LexHeller.Api.Data;
using MimeKit;

namespace LexHeller.Api.Tests.Notifications;

/// <summary>
/// The journey of one report as its people live it, with every mail read as the mail server received it (the SMTP
/// sink): filed with an address (the receipt mail), triaged (the steering group was told of the new report), a
/// question and the reporter's reply (the group told), referred to two parties (each party's mail), answered by both
/// (the group told of each answer and of all answers in) and closed. Each message has a plain-text and an HTML part,
/// and every link in it starts with <c>App:PublicBaseUrl</c> and opens: the receipt for anyone holding it, a staff page
/// for its signed-in recipient (and the sign-in page for anyone else).
/// </summary>
public sealed partial class MailJourneyTests
{
    private const string PublicBaseUrl = "https://avvikelser.hoglandet.example";
    private const string ReporterEmail = "anna.handlaggare@nassjo.example";

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Link();

    [Fact]
    public async Task Every_mail_of_a_journey_reaches_its_person_in_plain_text_and_html_and_every_link_in_it_opens_the_page_it_names()
    {
        if (SmtpSink.Unavailable() is { } reason)
            Assert.Skip(reason);

        await using var sink = new SmtpSink();
        await sink.StartAsync();
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications:Smtp:UseStartTls"] = "false",
            ["App:PublicBaseUrl"] = PublicBaseUrl,
        });
        var workflow = new Workflow(factory);
        var referenceData = await ReferenceDataSnapshot.LoadAsync(factory.CreateClient());

        var (id, token, reference) = await workflow.FileAsync(ReportBodies.FromFixture(referenceData, 0, ReportBodies.Contact(ReporterEmail)));
        await workflow.StepAsync(id, "triage", new { reason = "Bedömd av styrgruppen." });
        await workflow.StepAsync(id, "information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" });
        var reply = await workflow.Anonymous.PostAsJsonAsync($"/api/v1/receipts/{token}/messages", new { text = "Vuxenenheten i centrum." });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var forsakringskassan = await workflow.ReferAsync(id, "Försäkringskassan");
        var arbetsformedlingen = await workflow.ReferAsync(id, "Arbetsförmedlingen");
        await workflow.AnswerAsync(workflow.ResponderFk, id);
        await workflow.AnswerAsync(workflow.ResponderAf, id);
        await workflow.StepAsync(id, "closure", new { resolution = "answered", reason = "Båda parterna har svarat.", messageToReporter = "Tack för din rapport." });

        await factory.AdvanceUntilAsync(TimeSpan.FromSeconds(5), async () =>
            await factory.ScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL AND cancelled_at IS NULL AND dead_at IS NULL") == 0,
            "every queued message is sent");
        var referrals = await factory.QueryAsync<(string Id, string PartyId)>(
            "SELECT id, party_id FROM referrals WHERE report_id = @Id", new { Id = id });
        var referralOf = referrals.ToDictionary(row => Guid.Parse(row.PartyId), row => Guid.Parse(row.Id));

        var messages = sink.Received().Select(Read).ToList();
        string Subject(string recipient, string startsWith) =>
            Assert.Single(messages, m => m.To == recipient && m.Subject.StartsWith(startsWith, StringComparison.Ordinal)).Subject;

        // Who was told what, in order of the journey.
        var reportPage = $"{PublicBaseUrl}/triage/avvikelse/{id:D}";
        Assert.Equal([$"{PublicBaseUrl}/kvitto/{token}"], Of(messages, ReporterEmail, $"Kvitto på din avvikelse {reference}").Links);
        Assert.Equal([reportPage], Of(messages, DemoSeed.TriagerEmail, $"Ny avvikelse {reference} i styrgruppens kö").Links);
        Assert.Equal([$"{PublicBaseUrl}/kvitto/{token}"], Of(messages, ReporterEmail, Subject(ReporterEmail, "Fråga om din avvikelse")).Links);
        Assert.Equal([reportPage], Of(messages, DemoSeed.TriagerEmail, $"Rapportören har svarat på er fråga om avvikelse {reference}").Links);
        Assert.Equal([$"{PublicBaseUrl}/part/remiss/{referralOf[forsakringskassan]:D}"],
            Of(messages, DemoSeed.ResponderFkEmail, Subject(DemoSeed.ResponderFkEmail, "Remiss")).Links);
        Assert.Equal([$"{PublicBaseUrl}/part/remiss/{referralOf[arbetsformedlingen]:D}"],
            Of(messages, DemoSeed.ResponderAfEmail, Subject(DemoSeed.ResponderAfEmail, "Remiss")).Links);
        Assert.Equal([reportPage], Of(messages, DemoSeed.TriagerEmail, $"Försäkringskassan har svarat på remissen om avvikelse {reference}").Links);
        Assert.Equal([reportPage], Of(messages, DemoSeed.TriagerEmail, $"Arbetsförmedlingen har svarat på remissen om avvikelse {reference}").Links);
        Assert.Equal([reportPage], Of(messages, DemoSeed.TriagerEmail, $"Alla parter har svarat om avvikelse {reference}").Links);
        Assert.Equal(2, messages.Count(m => m.To == ReporterEmail && m.Subject == $"Svar på din avvikelse {reference}"));
        Assert.Single(messages, m => m.To == ReporterEmail && m.Subject.Contains("avslutad", StringComparison.OrdinalIgnoreCase));

        // Every message: Swedish plain text and HTML, the links the same in both, each starting with the public address.
        foreach (var message in messages)
        {
            Assert.False(string.IsNullOrWhiteSpace(message.Text), $"'{message.Subject}' has no plain-text part.");
            Assert.Contains("Lex Heller", message.Text, StringComparison.Ordinal);
            Assert.NotNull(message.Html);
            Assert.NotEmpty(message.Links);
            foreach (var link in message.Links)
            {
                Assert.StartsWith(PublicBaseUrl + "/", link, StringComparison.Ordinal);
                Assert.Contains($"href=\"{link}\"", message.Html, StringComparison.Ordinal);
            }
        }

        // Each link opens: for the reporter without signing in, for staff once signed in (and the sign-in page for anyone else).
        var anonymous = factory.CreatePageClient();
        var signedIn = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var staff in new[] { DemoSeed.TriagerEmail, DemoSeed.ResponderFkEmail, DemoSeed.ResponderAfEmail })
        {
            var client = factory.CreatePageClient();
            await client.SignInAsync(staff);
            signedIn[staff] = client;
        }

        foreach (var message in messages)
        {
            foreach (var link in message.Links)
            {
                var path = new Uri(link).PathAndQuery;
                if (message.To == ReporterEmail)
                {
                    var page = await anonymous.GetPageAsync(path);
                    Assert.Contains(reference, page, StringComparison.Ordinal);
                    continue;
                }

                using (var unsigned = await anonymous.GetAsync(path))
                {
                    Assert.Equal(HttpStatusCode.Redirect, unsigned.StatusCode);
                    Assert.StartsWith($"{PublicBaseUrl}/logga-in", unsigned.Headers.Location!.ToString(), StringComparison.Ordinal);
                    await anonymous.GetPageAsync(new Uri(unsigned.Headers.Location!.ToString()).PathAndQuery);
                }

                Assert.Contains(reference, await signedIn[message.To].GetPageAsync(path), StringComparison.Ordinal);
            }
        }
    }

    private static Mail Of(IReadOnlyList<Mail> messages, string recipient, string subject) =>
        Assert.Single(messages, message => message.To == recipient && message.Subject == subject);

    private static Mail Read(SmtpSink.ReceivedMessage received)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(received.Raw!));
        var message = MimeMessage.Load(stream);
        var text = message.TextBody ?? "";
        return new Mail(Assert.Single(received.Recipients), message.Subject ?? "", text, message.HtmlBody,
            [.. Link().Matches(text).Select(match => match.Value)]);
    }

    private sealed record Mail(string To, string Subject, string Text, string? Html, IReadOnlyList<string> Links);
}
