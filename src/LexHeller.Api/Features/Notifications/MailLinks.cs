namespace LexHeller.Api.Features.Notifications;

/// <summary>
/// The pages a mail links to, as paths: each is made absolute from <c>App:PublicBaseUrl</c> when the mail is sent
/// (<see cref="Notifier.WithLink"/>), so every link in mail starts with the configured public address.
/// </summary>
public static class MailLinks
{
    /// <summary>The receipt page where the reporter types the code from the receipt.</summary>
    public const string FindReceipt = "/kvitto";

    /// <summary>The steering group's overview of its queues.</summary>
    public const string Triage = "/triage";

    /// <summary>A party's list of referrals.</summary>
    public const string PartyInbox = "/part";

    public const string Statistics = "/statistik";

    /// <summary>Where a steering-group member chooses immediate mail or a daily digest.</summary>
    public const string Settings = "/triage/installningar";

    /// <summary>The reporter's own receipt, opened by its token (only ever from the sealed copy kept with the contact).</summary>
    public static string Receipt(string token) => $"/kvitto/{Uri.EscapeDataString(token)}";

    /// <summary>The steering group's page of one report.</summary>
    public static string Report(Guid reportId) => $"/triage/avvikelse/{reportId:D}";

    /// <summary>A party's page of one referral.</summary>
    public static string Referral(Guid referralId) => $"/part/remiss/{referralId:D}";
}
