namespace LexHeller.Api.Features.Triage;

public static class TriageValidation
{
    public static IRuleBuilderOptions<T, string?> WrittenReason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(reason => !string.IsNullOrWhiteSpace(reason)).WithMessage("A written reason is required.")
            .MaximumLength(TriageCommand.ReasonMaxLength)
            .NoControlCharacters();
}
