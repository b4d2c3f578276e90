namespace LexHeller.Api.Features.Shared;

/// <summary>
/// Optimistic concurrency for everything a client changes by version (reports, follow-ups): the entity tag
/// that names a version, reading the version a client sends in <c>If-Match</c>, and the one check that
/// refuses a missing (428) or stale (412) version.
/// </summary>
public static class Versioning
{
    /// <summary>The entity tag of a version, which every change increments.</summary>
    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>
    /// Reads the version a client sends in <c>If-Match</c>: null when absent (428). The comparison is strong (RFC 9110
    /// 13.1.1): only one strong entity tag, <c>"3"</c>, names a version; a weak tag (<c>W/"3"</c>), <c>*</c>, a list or
    /// anything unreadable never matches (412), so a change is never made against a version the client did not name.
    /// </summary>
    public static int? ParseIfMatch(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
            return null;

        var tag = ifMatch.Trim();
        const int NoVersion = -1;
        if (tag.Length < 3 || tag[0] != '"' || tag[^1] != '"')
            return NoVersion;
        return int.TryParse(tag.AsSpan(1, tag.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : NoVersion;
    }

    /// <summary>
    /// Refuses a missing or stale If-Match before anything is changed. <paramref name="thing"/> names what is
    /// changed ("report", "follow-up") in the problem the client reads.
    /// </summary>
    public static void Check(int currentVersion, int? expectedVersion, string thing)
    {
        if (expectedVersion is null)
            throw new PreconditionRequiredException(thing);
        if (expectedVersion != currentVersion)
            throw new PreconditionFailedException(ETag(currentVersion), thing);
    }
}
