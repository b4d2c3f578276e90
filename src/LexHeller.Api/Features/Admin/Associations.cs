namespace LexHeller.Api.Features.Admin;

/// <summary>An association's settings as the administration API shows them, and the rules for changing them.</summary>
public sealed record AssociationResponse(
    Guid Id,
    [property: Description("The association's code (lower-case kebab-case), in every URL that names it.")] string Code,
    string Name,
    [property: Description("2–6 capital letters or digits: new references are PREFIX-YYYY-NNNNN.")] string ReferencePrefix,
    [property: Description("Whether reports may be filed without signing in.")] bool AllowsAnonymousIntake,
    [property: Description("Days a party has to answer a referral.")] int AnswerDeadlineDays,
    [property: Description("Statistics hide counts below this number.")] int SuppressionThreshold,
    [property: Description("Days within which similar reports count as recurring.")] int RecurrenceWindowDays,
    [property: Description("How many similar reports within the window make a pattern.")] int RecurrenceThreshold,
    [property: Description("The accessibility statement (tillgänglighetsredogörelse), or null.")] string? AccessibilityStatement,
    [property: Description("The personal-data notice shown beside the contact fields, or null.")] string? PersonalDataNotice,
    DateTimeOffset CreatedAt);

public static class Associations
{
    public const int DefaultAnswerDeadlineDays = 60;
    public const int DefaultSuppressionThreshold = 3;
    public const int DefaultRecurrenceWindowDays = 180;
    public const int DefaultRecurrenceThreshold = 3;

    public const int ReferencePrefixMaxLength = 6;

    /// <summary>The accessibility statement and the personal-data notice are long texts, but not books.</summary>
    public const int NoticeMaxLength = 20_000;

    public const string Columns = """
        id, code, name, reference_prefix, allow_anonymous_intake AS allows_anonymous_intake, answer_deadline_days,
        suppression_threshold, recurrence_window_days, recurrence_threshold, accessibility_statement, personal_data_notice, created_at
        """;

    public static readonly string ByCode = $"SELECT {Columns} FROM associations WHERE code = @Code";

    public static async Task<AssociationResponse> ReadAsync(DbSession session, string code, CancellationToken cancellationToken) =>
        (await session.QuerySingleOrDefaultAsync<Row>(ByCode, new { Code = Codes.Canonical(code) }, cancellationToken))?.ToResponse()
        ?? throw new NotFoundException($"Association '{code}'");

    /// <summary>Every association, by code.</summary>
    public static async Task<IReadOnlyList<AssociationResponse>> ListAsync(DbSession session, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<Row>($"SELECT {Columns} FROM associations ORDER BY code", null, cancellationToken)).Select(row => row.ToResponse())];

    /// <summary>A row of <c>associations</c>, read by Dapper (the engines' integer types differ).</summary>
    public sealed class Row
    {
        public Guid Id { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public string ReferencePrefix { get; init; } = "";
        public bool AllowsAnonymousIntake { get; init; }
        public int AnswerDeadlineDays { get; init; }
        public int SuppressionThreshold { get; init; }
        public int RecurrenceWindowDays { get; init; }
        public int RecurrenceThreshold { get; init; }
        public string? AccessibilityStatement { get; init; }
        public string? PersonalDataNotice { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public AssociationResponse ToResponse() => new(Id, Code, Name, ReferencePrefix, AllowsAnonymousIntake, AnswerDeadlineDays,
            SuppressionThreshold, RecurrenceWindowDays, RecurrenceThreshold, AccessibilityStatement, PersonalDataNotice, CreatedAt);
    }

    /// <summary>The association's administrators, or (403) anyone else; an installation administrator too when <paramref name="orInstallation"/>.</summary>
    public static async Task<AssociationResponse> AdministeredAsync(
        DbSession session, IConfiguration configuration, Caller caller, string code, bool orInstallation, CancellationToken cancellationToken)
    {
        if (orInstallation && await InstallationAdministration.IsAsync(session, configuration, caller, cancellationToken))
            return await ReadAsync(session, code, cancellationToken);
        await AdminAccess.AssociationAsync(session, caller, code, cancellationToken);
        return await ReadAsync(session, code, cancellationToken);
    }

    /// <summary>2–6 capital letters or digits, at least one a letter (<see cref="ReportReference.IsValidPrefix"/>).</summary>
    public static IRuleBuilderOptions<T, string?> ReferencePrefix<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(ReferencePrefixMaxLength).Must(prefix => prefix is null || ReportReference.IsValidPrefix(prefix))
            .WithMessage("'{PropertyName}' must be 2–6 capital letters or digits, at least one a letter, such as 'HOG'.");

    /// <summary>A long free text (lines allowed), at most <see cref="NoticeMaxLength"/> characters; null or empty clears it.</summary>
    public static IRuleBuilderOptions<T, string?> Notice<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(NoticeMaxLength).NoControlCharacters();

    public static IRuleBuilderOptions<T, int?> AnswerDeadline<T>(this IRuleBuilder<T, int?> rule) => rule.InclusiveBetween(1, 365);

    public static IRuleBuilderOptions<T, int?> SuppressionThreshold<T>(this IRuleBuilder<T, int?> rule) => rule.InclusiveBetween(1, 50);

    public static IRuleBuilderOptions<T, int?> RecurrenceWindow<T>(this IRuleBuilder<T, int?> rule) => rule.InclusiveBetween(1, 1095);

    public static IRuleBuilderOptions<T, int?> RecurrenceThreshold<T>(this IRuleBuilder<T, int?> rule) => rule.InclusiveBetween(2, 100);

    /// <summary>Blank is no text: stored as null.</summary>
    public static string? TextOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
