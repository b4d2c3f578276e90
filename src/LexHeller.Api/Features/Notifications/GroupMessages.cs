namespace LexHeller.Api.Features.Notifications;

/// <summary>
/// What the steering group is told, in Swedish: the subject and text of each <c>Notifier.KindGroup*</c> mail this
/// feature sends (the link to the report's page is added as it is sent). The subject is also the line of a digest.
/// </summary>
public static class GroupMessages
{
    public static (string Subject, string Body) NewReport(string reference) => (
        $"Ny avvikelse {reference} i styrgruppens kö",
        $"""
        Hej!

        En ny avvikelse, {reference}, har kommit in och väntar på att styrgruppen börjar bereda den.
        """);

    public static (string Subject, string Body) ReporterReply(string reference) => (
        $"Rapportören har svarat på er fråga om avvikelse {reference}",
        $"""
        Hej!

        Den som rapporterade avvikelse {reference} har svarat på styrgruppens fråga.
        Avvikelsen är åter under beredning.
        """);

    public static (string Subject, string Body) PartyAnswer(string reference, string party) => (
        $"{party} har svarat på remissen om avvikelse {reference}",
        $"""
        Hej!

        {party} har svarat på styrgruppens remiss om avvikelse {reference}.
        """);

    public static (string Subject, string Body) AllAnswered(string reference) => (
        $"Alla parter har svarat om avvikelse {reference}",
        $"""
        Hej!

        Alla parter som fick en remiss om avvikelse {reference} har nu svarat.
        Styrgruppen kan ta ställning till svaren och avsluta avvikelsen.
        """);

    public static (string Subject, string Body) Overdue(string reference, string party, string dueOn) => (
        $"Remissen om avvikelse {reference} till {party} är försenad",
        $"""
        Hej!

        {party} skulle ha svarat på styrgruppens remiss om avvikelse {reference} senast {dueOn}
        och har ännu inte gjort det. Parten har fått en påminnelse.
        """);
}
