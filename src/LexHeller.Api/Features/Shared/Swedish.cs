using LexHeller.Api.Features.Reports;
using LexHeller.Domain.Similarity;

namespace LexHeller.Api.Features.Shared;

/// <summary>The words the pages use for the domain's codes, in plain Swedish.</summary>
public static class Swedish
{
    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("sv-SE");

    private static readonly TimeZoneInfo SwedishTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>The status as the reporter and the steering group read it.</summary>
    public static string Status(ReportStatus status) => status switch
    {
        ReportStatus.Received => "Mottagen",
        ReportStatus.InTriage => "Under beredning",
        ReportStatus.NeedsInfo => "Väntar på svar från dig",
        ReportStatus.Referred => "Skickad till berörd part för svar",
        ReportStatus.Answered => "Besvarad av berörda parter",
        ReportStatus.Closed => "Avslutad",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status as the steering group reads it (the reporter is "the reporter" here, not "you").</summary>
    public static string StatusForStaff(ReportStatus status) => status == ReportStatus.NeedsInfo ? "Väntar på komplettering" : Status(status);

    /// <summary>One sentence on what the status means for the reporter.</summary>
    public static string StatusExplanation(ReportStatus status) => status switch
    {
        ReportStatus.Received => "Avvikelsen har kommit in och väntar på att styrgruppen börjar bereda den.",
        ReportStatus.InTriage => "Styrgruppen går igenom avvikelsen och bestämmer vem som ska svara.",
        ReportStatus.NeedsInfo => "Styrgruppen har en fråga till dig. Svara längre ned på sidan.",
        ReportStatus.Referred => "Styrgruppen har bett en eller flera parter att förklara vad som hände och vad de gör åt det.",
        ReportStatus.Answered => "Parterna har svarat. Styrgruppen tar ställning till svaren och avslutar sedan avvikelsen.",
        ReportStatus.Closed => "Arbetet med avvikelsen är avslutat.",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Kind(ReportKind kind) => kind switch
    {
        ReportKind.Occurred => "Har inträffat",
        ReportKind.Risk => "Risk (nästan inträffat)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string PartyKind(PartyKind kind) => kind switch
    {
        Domain.Reports.PartyKind.Municipality => "Kommun",
        Domain.Reports.PartyKind.Region => "Region (hälso- och sjukvård)",
        Domain.Reports.PartyKind.SocialInsurance => "Försäkringskassan",
        Domain.Reports.PartyKind.EmploymentService => "Arbetsförmedlingen",
        Domain.Reports.PartyKind.Other => "Annan part",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The party kind in a word, for a chart's axis or a narrow table column.</summary>
    public static string PartyKindShort(PartyKind kind) => kind switch
    {
        Domain.Reports.PartyKind.Region => "Region",
        _ => PartyKind(kind),
    };

    /// <summary>A statistics period key in Swedish: 2026-11 reads "nov. 2026", 2026-Q4 "kv. 4 2026", 2026 "2026".</summary>
    public static string Period(string key)
    {
        if (key.Length == 7 && DateOnly.TryParseExact($"{key}-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            return month.ToString("MMM yyyy", Culture);
        if (key.Length == 7 && key[4..6] == "-Q")
            return $"kv. {key[6]} {key[..4]}";
        return key;
    }

    /// <summary>A pattern's count against the window before, as in "3 (ökar från 1)".</summary>
    public static string Trend(Domain.Insight.PatternTrend trend) => trend switch
    {
        Domain.Insight.PatternTrend.Rising => "ökar",
        Domain.Insight.PatternTrend.Falling => "minskar",
        Domain.Insight.PatternTrend.Steady => "oförändrat",
        _ => throw new ArgumentOutOfRangeException(nameof(trend), trend, null),
    };

    /// <summary>The interval of a statistic, as in "per månad".</summary>
    public static string Interval(Domain.Insight.Interval interval) => interval switch
    {
        Domain.Insight.Interval.Month => "månad",
        Domain.Insight.Interval.Quarter => "kvartal",
        Domain.Insight.Interval.Year => "år",
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, null),
    };

    public static string Gender(AffectedGender gender) => gender switch
    {
        AffectedGender.Woman => "Kvinna",
        AffectedGender.Man => "Man",
        AffectedGender.Other => "Annat",
        AffectedGender.NotStated => "Vill inte ange",
        _ => throw new ArgumentOutOfRangeException(nameof(gender), gender, null),
    };

    public static string Resolution(Resolution resolution) => resolution switch
    {
        Domain.Lifecycle.Resolution.Answered => "Besvarad",
        Domain.Lifecycle.Resolution.ResolvedLocally => "Löst direkt med ansvarig chef",
        Domain.Lifecycle.Resolution.StructuralFollowUp => "Går vidare till strukturell uppföljning",
        Domain.Lifecycle.Resolution.NotActionable => "Ingen åtgärd möjlig",
        Domain.Lifecycle.Resolution.OutOfScope => "Hör hemma i ett annat system",
        Domain.Lifecycle.Resolution.Duplicate => "Dubblett av en annan avvikelse",
        Domain.Lifecycle.Resolution.Forwarded => "Överlämnad till ett annat samordningsförbund",
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, null),
    };

    public static string FollowUpStatus(Domain.Insight.FollowUpStatus status) => status switch
    {
        Domain.Insight.FollowUpStatus.Open => "Öppen",
        Domain.Insight.FollowUpStatus.InProgress => "Pågår",
        Domain.Insight.FollowUpStatus.Done => "Klar",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Action(ReportAction action) => action switch
    {
        ReportAction.Triage => "Påbörja beredning",
        ReportAction.RequestInformation => "Fråga rapportören",
        ReportAction.WithdrawQuestion => "Dra tillbaka frågan till rapportören",
        ReportAction.WithdrawReferral => "Återkalla en fråga till en part",
        ReportAction.ReturnToGroup => "Tillbaka till styrgruppen",
        ReportAction.Clarify => "Komplettering från rapportören",
        ReportAction.Refer => "Skicka till part",
        ReportAction.ReceiveAllAnswers => "Alla svar har kommit",
        ReportAction.Close => "Avsluta",
        ReportAction.Reopen => "Återöppna",
        ReportAction.Publish => "Publicera sammanfattning",
        ReportAction.AddNote => "Anteckning",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static string Event(string type) => type switch
    {
        ReportEvents.Submitted => "Avvikelsen lämnades",
        ReportEvents.Triaged => "Beredningen påbörjades",
        ReportEvents.InformationRequested => "Styrgruppen ställde en fråga till rapportören",
        ReportEvents.Clarified => "Rapportören svarade",
        ReportEvents.Referred => "Skickad till part",
        ReportEvents.ReferralAnswered => "En part svarade",
        ReportEvents.Answered => "Alla parter har svarat",
        ReportEvents.Closed => "Avslutad",
        ReportEvents.Reopened => "Återöppnad",
        ReportEvents.Published => "Sammanfattning publicerad",
        ReportEvents.NoteAdded => "Anteckning",
        ReportEvents.DuplicateLinked => "En dubblett kopplades hit",
        ReportEvents.LinkedToFollowUp => "Kopplad till en strukturell uppföljning",
        ReportEvents.ReporterContactPurged => "Rapportörens kontaktuppgifter rensades",
        ReportEvents.ReporterFeedback => "Rapportören svarade om svaret ledde till en förbättring",
        ReportEvents.ReporterContested => "Rapportören bestrider utfallet: svaret ledde inte till en förbättring",
        ReportEvents.ReporterContactWithdrawn => "Rapportören tog bort sina kontaktuppgifter",
        ReportEvents.QuestionWithdrawn => "Styrgruppen drog tillbaka frågan till rapportören",
        ReportEvents.ReferralWithdrawn => "Frågan till en part återkallades",
        ReportEvents.ReferralDeclined => "En part svarade att avvikelsen inte är deras ansvar",
        ReportEvents.ReturnedToGroup => "Tillbaka hos styrgruppen: ingen fråga till en part är öppen",
        ReportRouting.Routed => "Placerad i kö",
        ReportRouting.Unrouted => "Ingen kö passade",
        ReportRouting.Rerouted => "Flyttad till en annan kö",
        Triage.RedactReport.Redacted => "Text togs bort ur avvikelsen",
        ReportForwarding.ForwardedIn => "Överlämnad hit från ett annat förbund",
        Imports.RegisterImport.ImportedEvent => "Förd in från förbundets tidigare register",
        _ => type,
    };

    /// <summary>Who did it, as the history names them: people by their account, the service as itself.</summary>
    public static string Actor(string actor) => actor switch
    {
        "anonymous" => "Rapportören (utan inloggning)",
        "reporter" => "Rapportören",
        _ when actor.StartsWith("system:", StringComparison.Ordinal) => "Lex Heller (automatiskt)",
        _ when actor.StartsWith("party:", StringComparison.Ordinal) => actor["party:".Length..],
        _ when actor.StartsWith("api-client:", StringComparison.Ordinal) => $"{actor["api-client:".Length..]} (via integration)",
        _ => actor,
    };

    /// <summary>
    /// What the history says besides the event: the reason a person wrote, or for what the service did
    /// by itself, a Swedish account of it (its own reasons are written in English for the API's log).
    /// </summary>
    public static string? EventDetail(string type, string actor, string? reason, System.Text.Json.JsonElement? data)
    {
        if (actor.StartsWith("system:", StringComparison.Ordinal))
        {
            return type switch
            {
                ReportRouting.Routed when Text(data, "rule") is { } rule => $"Enligt förbundets regel ”{rule}”.",
                ReportRouting.Unrouted => "Ingen regel i förbundet passade. En administratör behöver lägga till en regel för allt annat.",
                ReportRouting.Rerouted when Text(data, "rule") is { } rule =>
                    $"Kategorin ändrades vid beredningen. Enligt förbundets regel ”{rule}” hör avvikelsen nu till {Text(data, "queue")}"
                    + (Text(data, "fromQueue") is { } from ? $" (tidigare {from})." : "."),
                ReportEvents.Closed => "Överlämnad till ett annat förbund enligt förbundets regler.",
                ReportEvents.ReporterContactPurged => "Enligt förbundets gallringsregel för kontaktuppgifter efter avslut.",
                ReportEvents.ReturnedToGroup => "Ingen part har en obesvarad fråga om avvikelsen.",
                _ => null,
            };
        }

        return type switch
        {
            ReportEvents.ReferralWithdrawn when Text(data, "party") is { } party => $"{party}. Skäl: {reason}",
            ReportEvents.ReferralDeclined when Text(data, "suggestedResponsible") is { } suggested => $"Parten föreslår: {suggested}. Skäl: {reason}",
            ReportEvents.Triaged or ReportEvents.InformationRequested or ReportEvents.Referred or ReportEvents.Closed
                or ReportEvents.Reopened or ReportEvents.Published or ReportEvents.QuestionWithdrawn
                when !string.IsNullOrWhiteSpace(reason) => $"Skäl: {reason}",
            ReportEvents.Referred or ReportEvents.ReferralAnswered when Text(data, "party") is { } party => party,
            ReportEvents.ReporterFeedback when Text(data, "helped") is { } helped => helped switch
            {
                "yes" => "Svar: ja",
                "partly" => "Svar: delvis",
                _ => "Svar: vet inte",
            },
            // That words were taken out, by whom (the actor) and why: never what.
            Triage.RedactReport.Redacted => $"Ersatt med {Triage.Redaction.Marker} överallt i avvikelsen. Skäl: {reason}",
            _ => null,
        };
    }

    private static string? Text(System.Text.Json.JsonElement? data, string property) =>
        data is { ValueKind: System.Text.Json.JsonValueKind.Object } element
        && element.TryGetProperty(property, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>How a referral stands (<see cref="Referrals.ReferralStatuses"/>), in the words of the pages.</summary>
    public static string ReferralStatus(string status) => status switch
    {
        Referrals.ReferralStatuses.Open => "Väntar på svar",
        Referrals.ReferralStatuses.Answered => "Besvarad",
        Referrals.ReferralStatuses.Withdrawn => "Återkallad av styrgruppen",
        Referrals.ReferralStatuses.Declined => "Inte partens ansvar enligt parten",
        Referrals.ReferralStatuses.Unanswered => "Obesvarad när avvikelsen avslutades",
        _ => status,
    };

    public static string MessageKind(string kind) => kind switch
    {
        ReportMessages.Question => "Fråga från styrgruppen",
        ReportMessages.Reply => "Ditt svar",
        ReportMessages.Closure => "Styrgruppens besked",
        _ => kind,
    };

    public static string CategoryMatch(CategoryMatch match) => match switch
    {
        Domain.Similarity.CategoryMatch.Same => "samma kategori",
        Domain.Similarity.CategoryMatch.Related => "närliggande kategori",
        _ => throw new ArgumentOutOfRangeException(nameof(match), match, null),
    };

    /// <summary>2026-11-24 reads "24 november 2026".</summary>
    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Culture);

    /// <summary>A moment in Swedish time: "24 november 2026 kl. 10.00".</summary>
    public static string Time(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, SwedishTime);
        return local.ToString("d MMMM yyyy 'kl.' HH.mm", Culture);
    }

    /// <summary>The machine-readable form for a <c>&lt;time datetime&gt;</c> attribute.</summary>
    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string IsoTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
