using LexHeller.Api.Features.Receipts;
using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Web.Pages.Receipt;

/// <summary>The receipt in plain Swedish, written to the reporter ("du"): the decision, what happened, what happens next.</summary>
public static class ReceiptTexts
{
    /// <summary>The steering group's decision, said as what it means for the reporter.</summary>
    public static string Decision(Resolution resolution, GetReceipt.Forwarding? forwardedTo) => resolution switch
    {
        Resolution.Answered => "Parterna har förklarat vad som hände och vad de gör åt det. Styrgruppen har gått igenom svaren och avslutat avvikelsen.",
        Resolution.ResolvedLocally => "Avvikelsen löstes direkt med den ansvariga chefen.",
        Resolution.StructuralFollowUp => "Avvikelsen ingår nu i en strukturell uppföljning, där styrgruppen arbetar med orsakerna på längre sikt.",
        Resolution.NotActionable => "Styrgruppen har bedömt att det inte går att göra något mer åt avvikelsen.",
        Resolution.OutOfScope => "Avvikelsen hör hemma någon annanstans än hos samordningsförbundet. Läs i styrgruppens besked vart du kan vända dig.",
        Resolution.Duplicate => "Samma händelse har redan rapporterats. Arbetet fortsätter med den andra avvikelsen.",
        Resolution.Forwarded when forwardedTo is { } forwarded =>
            $"Avvikelsen har lämnats över till {forwarded.AssociationName}, där den har nummer {forwarded.Reference}.",
        _ => Swedish.Resolution(resolution) + ".",
    };

    /// <summary>What happens next, and whether the reporter needs to do anything.</summary>
    public static string NextStep(GetReceipt.Response receipt) => receipt.Status switch
    {
        ReportStatus.Received => "Styrgruppen börjar bereda avvikelsen. Du behöver inte göra något nu.",
        ReportStatus.InTriage => "Styrgruppen bestämmer vem som ska svara på avvikelsen. Du behöver inte göra något nu.",
        ReportStatus.NeedsInfo => "Svara på styrgruppens fråga längre ned på sidan. Avvikelsen väntar tills du har svarat.",
        ReportStatus.Referred when receipt.AwaitingAnswerFrom.Count > 0 =>
            $"Vi väntar på svar från {List(receipt.AwaitingAnswerFrom)}. Svaren visas här när de har kommit. Du behöver inte göra något nu.",
        ReportStatus.Referred => "Vi väntar på parternas svar. Svaren visas här när de har kommit. Du behöver inte göra något nu.",
        ReportStatus.Answered => "Styrgruppen går igenom svaren och beslutar sedan hur avvikelsen avslutas. Du behöver inte göra något nu.",
        ReportStatus.Closed => "Inget mer händer med avvikelsen, om inte styrgruppen öppnar den igen.",
        _ => Swedish.StatusExplanation(receipt.Status),
    };

    /// <summary>One step of the timeline, with the party's name where it concerns a party.</summary>
    public static string Step(GetReceipt.TimelineEntry entry) => entry.Event switch
    {
        ReportEvents.Submitted => "Avvikelsen kom in",
        ReportEvents.Triaged => "Styrgruppen började bereda avvikelsen",
        ReportEvents.InformationRequested => "Styrgruppen ställde en fråga till dig",
        ReportEvents.Clarified => "Du svarade på styrgruppens fråga",
        ReportEvents.Referred when entry.Party is { } party => $"Skickad till {party} för svar",
        ReportEvents.ReferralAnswered when entry.Party is { } party => $"{party} svarade",
        ReportEvents.ReferralAnswered => "En part svarade",
        ReportEvents.Answered => "Alla parter har svarat",
        ReportEvents.Closed => "Styrgruppen avslutade avvikelsen",
        ReportEvents.Reopened => "Styrgruppen öppnade avvikelsen igen",
        _ => Swedish.Status(entry.Status),
    };

    /// <summary>"A", "A och B", "A, B och C".</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " och " + items[^1],
    };
}
