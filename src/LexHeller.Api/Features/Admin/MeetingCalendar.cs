namespace LexHeller.Api.Features.Admin;

/// <summary>
/// A steering group's meeting calendar (<c>steering_group_meetings</c>): the dates it meets. Its next meeting is
/// the first date from today (the Swedish date), its cut-off that date less the group's <c>cut_off_days</c>
/// (default 14, 0–60), so both move on by themselves when a meeting has passed.
/// </summary>
public static class MeetingCalendar
{
    public const int DefaultCutOffDays = 14;
    public const int MaxCutOffDays = 60;
    public const int MaxMeetings = 100;

    /// <summary>A SQL expression for the next meeting of the steering group <c>g</c>, given <c>@Today</c>.</summary>
    public const string NextMeetingOf = """
        (SELECT MIN(sgm.meeting_on) FROM steering_group_meetings sgm WHERE sgm.steering_group_id = g.id AND sgm.meeting_on >= @Today)
        """;

    private const string Upcoming = """
        SELECT meeting_on FROM steering_group_meetings
        WHERE steering_group_id = @Id AND meeting_on >= @Today
        ORDER BY meeting_on
        """;

    private const string Group = "SELECT g.id, g.name, g.cut_off_days FROM steering_groups g WHERE g.id = @Id";

    /// <summary>The cut-off before a meeting: the last day to prepare reports for it.</summary>
    public static DateOnly? CutOff(DateOnly? meeting, int cutOffDays) => meeting?.AddDays(-cutOffDays);

    [Description("A steering group's meetings from today on, and its cut-off.")]
    public sealed record Calendar(
        Guid SteeringGroupId,
        string Name,
        [property: Description("Days before each meeting that are its cut-off (0–60).")] int CutOffDays,
        [property: Description("The first meeting from today (Swedish date), or null.")] DateOnly? NextMeetingOn,
        [property: Description("The next meeting less cutOffDays, or null.")] DateOnly? CutOffOn,
        [property: Description("Every meeting from today on, in order, each with its cut-off.")] IReadOnlyList<Meeting> Meetings);

    public sealed record Meeting(DateOnly On, DateOnly CutOffOn);

    /// <summary>What the audit log keeps of a calendar.</summary>
    public sealed record Audited(int CutOffDays, IReadOnlyList<DateOnly> Meetings);

    public static Audited Audit(Calendar calendar) => new(calendar.CutOffDays, [.. calendar.Meetings.Select(meeting => meeting.On)]);

    public static async Task<Calendar> ReadAsync(DbSession session, Guid id, DateOnly today, CancellationToken cancellationToken)
    {
        var group = await session.QuerySingleOrDefaultAsync<GroupRow>(Group, new { Id = id }, cancellationToken)
            ?? throw new NotFoundException($"Steering group '{id}'");
        var dates = (await session.QueryAsync<DateOnly>(Upcoming, new { Id = id, Today = today }, cancellationToken)).ToList();
        return new Calendar(group.Id, group.Name, group.CutOffDays, dates.Count == 0 ? null : dates[0], CutOff(dates.Count == 0 ? null : dates[0], group.CutOffDays),
            [.. dates.Select(date => new Meeting(date, date.AddDays(-group.CutOffDays)))]);
    }

    /// <summary>Adds a meeting to the calendar (nothing when it is there already).</summary>
    public static Task AddAsync(DbSession session, Guid id, DateOnly date, CancellationToken cancellationToken) =>
        session.ExecuteAsync("""
            INSERT INTO steering_group_meetings (steering_group_id, meeting_on)
            SELECT @Id, @Date
            WHERE NOT EXISTS (SELECT 1 FROM steering_group_meetings WHERE steering_group_id = @Id AND meeting_on = @Date)
            """, new { Id = id, Date = date }, cancellationToken);

    /// <summary>A cut-off in days: 0 to <see cref="MaxCutOffDays"/>.</summary>
    public static IRuleBuilderOptions<T, int?> CutOffDays<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(0, MaxCutOffDays);

    private sealed class GroupRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public int CutOffDays { get; init; }
    }
}
