namespace LexHeller.Api.Infrastructure.Validation;

/// <summary>Rules every free-text field shares: lines and tabs are text, other control characters are not.</summary>
public static class TextRules
{
    public const string ControlCharactersErrorCode = "ControlCharacters";

    /// <summary>The longest code (association, area, category) any request may name: longer is not a code.</summary>
    public const int CodeMaxLength = 50;

    public static IRuleBuilderOptions<T, string?> NoControlCharacters<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || !text.Any(ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t')))
            .WithMessage("The text contains control characters.").WithErrorCode(ControlCharactersErrorCode);

    /// <summary>A required free text: not blank, at most <paramref name="maxLength"/> characters, no control characters.</summary>
    public static IRuleBuilderOptions<T, string?> FreeText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.Must(text => !string.IsNullOrWhiteSpace(text)).WithMessage("This text is required.")
            .MaximumLength(maxLength)
            .NoControlCharacters();
}
