namespace LexHeller.Api.Infrastructure;

/// <summary>Dates as the associations see them: in Swedish time, from the injected clock.</summary>
public static class SwedishCalendar
{
    private static readonly TimeZoneInfo Zone = FindZone();

    public static DateTimeOffset Now(TimeProvider time) => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);

    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    /// <summary>The Swedish calendar day an instant falls on.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        }
        catch (TimeZoneNotFoundException)
        {
            // A container image without time-zone data: UTC is at most two hours off.
            return TimeZoneInfo.Utc;
        }
    }
}
