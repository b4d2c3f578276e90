using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Admin;

/// <summary>What administration validates about codes, names and user keys.</summary>
public static class AdminRules
{
    public const int NameMaxLength = 200;
    public const int CodeMaxLength = TextRules.CodeMaxLength;
    /// <summary>The longest user key the rule before <see cref="EmailRules"/> let in: a membership with one can still be removed.</summary>
    public const int StoredUserKeyMaxLength = 320;

    /// <summary>
    /// Users are keyed by their lower-cased e-mail address, as the token's <c>email</c> claim becomes the
    /// caller's key (<see cref="Caller.FromPrincipal"/>), so a membership matches however it was typed.
    /// </summary>
    public static string UserKey(string email) => EmailRules.Normalize(email)!.ToLowerInvariant();

    /// <summary>A new member's or contact person's address: present, and one bare address (<see cref="EmailRules"/>).</summary>
    public static IRuleBuilderOptions<T, string?> Email<T>(this IRuleBuilder<T, string?> rule) => rule.NotEmpty().BareEmailAddress();

    /// <summary>
    /// The key of a membership to remove, by the laxer rule that held before <see cref="EmailRules"/> (an at-sign
    /// between other characters, no spaces or control characters), so that a membership added under it can
    /// still be removed. It only names a row: nothing is sent to it.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> StoredUserKey<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(StoredUserKeyMaxLength).EmailAddress()
            .Must(email => email is null || !email.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch)))
            .WithMessage("'{PropertyName}' must be an e-mail address without spaces or control characters.");

    /// <summary>A code as the API spells them: lower-case words joined by hyphens (<c>social-insurance</c>).</summary>
    public static IRuleBuilderOptions<T, string?> KebabCaseCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(CodeMaxLength)
            .Matches("^[a-z0-9]+(-[a-z0-9]+)*$").WithMessage("'{PropertyName}' must be a code in lower-case kebab-case, such as 'social-insurance'.");

    /// <summary>A name people read in lists: present, at most <see cref="NameMaxLength"/> characters, one line.</summary>
    public static IRuleBuilderOptions<T, string?> DisplayName<T>(this IRuleBuilder<T, string?> rule) => rule.OneLine(NameMaxLength);

    /// <summary>Present, at most <paramref name="maxLength"/> characters, one line without control characters.</summary>
    public static IRuleBuilderOptions<T, string?> OneLine<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.NotEmpty().MaximumLength(maxLength)
            .Must(text => text is null || !text.Any(char.IsControl)).WithMessage("'{PropertyName}' must be one line without control characters.");

    /// <summary>A steering group's next meeting: not in the past, and not so far ahead that it must be a typing error.</summary>
    public static IRuleBuilderOptions<T, DateOnly?> NextMeeting<T>(this IRuleBuilder<T, DateOnly?> rule, TimeProvider time) =>
        rule.Must(date => date is null || (date >= SwedishCalendar.Today(time) && date <= SwedishCalendar.Today(time).AddYears(2)))
            .WithMessage("'{PropertyName}' must be a date from today to two years ahead.");
}
