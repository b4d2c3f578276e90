namespace LexHeller.Api.Infrastructure.Problems;

/// <summary>The named thing does not exist, or the caller may not know that it does.</summary>
public sealed class NotFoundException(string what) : Exception($"{what} was not found.");

/// <summary>The caller is known but may not do this.</summary>
public sealed class ForbiddenException(string reason) : Exception(reason);

/// <summary>The caller must authenticate first.</summary>
public sealed class AuthenticationRequiredException(string reason) : Exception(reason);

/// <summary>
/// Free text contains a number that looks like a personal identity or coordination number (a valid
/// date and check digit), whatever it really is. Only the field names travel; the text itself is
/// never logged or stored.
/// </summary>
public sealed class PersonalNumberException(IReadOnlyList<string> fields)
    : Exception($"A number that looks like a personal identity or coordination number was found in: {string.Join(", ", fields)}.")
{
    public IReadOnlyList<string> Fields { get; } = fields;
}

/// <summary>The request is well-formed but cannot be processed as asked (HTTP 422).</summary>
public sealed class UnprocessableException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

/// <summary>
/// The titles of the conflicts a person can meet on a page: the pages say each in Swedish
/// (<c>Web/FormErrors.cs</c>), so they are named once here.
/// </summary>
public static class ConflictTitles
{
    public const string PartyWithoutContact = "The party has no contact person";
    public const string AlreadyReferred = "Already referred";
    public const string AlreadyAnswered = "Already answered";
    public const string NoQuestionToAnswer = "No question to answer";
    public const string ReferralEnded = "The referral has ended";
    public const string IdempotencyKeyInUse = "Idempotency-Key in use";
    public const string NotClosed = "The report is not closed";
    public const string FeedbackGiven = "Already answered for this closure";
}

/// <summary>The request conflicts with the current state (HTTP 409).</summary>
public sealed class ConflictException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

/// <summary>A state change came without <c>If-Match</c> (HTTP 428). <paramref name="thing"/> names what it changes.</summary>
public sealed class PreconditionRequiredException(string thing = "report")
    : Exception($"This request changes the {thing}: send If-Match with the ETag you last read.");

/// <summary><c>If-Match</c> named a version that is no longer current (HTTP 412). <paramref name="thing"/> names what changed.</summary>
public sealed class PreconditionFailedException(string currentETag, string thing = "report")
    : Exception($"The {thing} has changed since you read it (it is now {currentETag}). Read it again and retry.")
{
    public string CurrentETag { get; } = currentETag;

    public string Thing { get; } = thing;
}
