namespace LexHeller.Api.Infrastructure.Mail;

/// <summary>
/// What the outbox dispatcher asks of the use cases that queued a message: the address to send it to, and
/// the body as it is sent. A message may be queued for a recipient that is not an address (the reporter,
/// whose contact is sealed and opened only to send), and a body gets its links only when it is sent.
/// </summary>
public interface IOutboxAddressing
{
    /// <summary>
    /// The address for <paramref name="message"/>'s recipient, opened (and that opening logged) within this
    /// attempt, and the text sent with its link; null when there is no address any more, and the message is then
    /// cancelled, never sent.
    /// </summary>
    Task<AddressedMessage?> AddressAsync(DbSession session, OutboxMessage message, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken);
}

/// <summary>Where a message goes and the text it is sent with.</summary>
public sealed record AddressedMessage(string Address, string Body);

/// <summary>A message the dispatcher has claimed: as the outbox holds it.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }
    public string Kind { get; init; } = "";
    public Guid? ReportId { get; init; }
    public string Recipient { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Body { get; init; } = "";
    /// <summary>The page the message links to (a path), or null for the link of its kind.</summary>
    public string? LinkPath { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
