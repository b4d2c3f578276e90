using System.Text.Json.Nodes;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// Where a report's free text lives, and how words are taken out of all of it (docs/domain.md, "Redaction"): each
/// occurrence, in any case, is replaced with <see cref="Marker"/>, in the report's own texts, its referrals' questions
/// and answers, its messages to and from the reporter (the closing word among them), its notes, its publication, the
/// reasons and data of its history, and the mail queued or sent about it. A feature that stores more free text of a
/// report adds its table and columns to <see cref="Places"/>.
/// </summary>
public static class Redaction
{
    /// <summary>What stands where the words were (schema 24's report_events trigger recognises it).</summary>
    public const string Marker = "[borttaget]";

    /// <summary>A table's free-text columns, the row key, and the column that names the report. Constants only: no input reaches this SQL.</summary>
    private sealed record Place(string Table, string Key, string ReportColumn, bool Json, params string[] Columns);

    private static readonly Place[] Places =
    [
        new("reports", "id", "id", false, "description", "consequence", "actions_taken", "suggested_improvement"),
        new("referrals", "id", "report_id", false, "question", "cause", "actions", "follow_up_plan", "responder_name", "responder_role",
            "end_reason", "suggested_responsible"),
        new("reporter_feedback", "closed_at", "report_id", false, "comment"),
        new("report_messages", "id", "report_id", false, "body"),
        new("report_notes", "id", "report_id", false, "body"),
        new("publications", "report_id", "report_id", false, "summary"),
        new("report_events", "id", "report_id", false, "reason"),
        new("report_events", "id", "report_id", true, "data"),
        new("outbox_messages", "id", "report_id", false, "subject", "body"),
    ];

    /// <summary>
    /// The idempotency records of the report's submission hold its first answer and a hash of its body: a hash of
    /// the words is a way to test a guess of them, so they go (a retry after a redaction is answered as a new request would be).
    /// </summary>
    private const string DropIdempotency = "DELETE FROM idempotency_records WHERE report_id = @ReportId";

    /// <summary>Replaces <paramref name="words"/> wherever the report's free text holds them; returns how many texts changed.</summary>
    public static async Task<int> RedactAsync(DbSession session, Guid reportId, string words, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var place in Places)
        {
            foreach (var column in place.Columns)
            {
                var rows = await session.QueryAsync<Row>(
                    $"SELECT {place.Key} AS RowKey, {column} AS Text FROM {place.Table} WHERE {place.ReportColumn} = @ReportId",
                    new { ReportId = reportId }, cancellationToken);
                foreach (var row in rows)
                {
                    if (row.Text is null || Redacted(row.Text, words, place.Json) is not { } redacted)
                        continue;
                    await session.ExecuteAsync($"UPDATE {place.Table} SET {column} = @Text WHERE {place.Key} = @RowKey AND {place.ReportColumn} = @ReportId",
                        new { row.RowKey, Text = redacted, ReportId = reportId }, cancellationToken);
                    changed++;
                }
            }
        }

        await session.ExecuteAsync(DropIdempotency, new { ReportId = reportId }, cancellationToken);
        return changed;
    }

    /// <summary>The text with each occurrence of the words replaced (any case), or null when it holds none.</summary>
    public static string? Redacted(string text, string words, bool json = false)
    {
        if (!json)
            return text.Contains(words, StringComparison.OrdinalIgnoreCase) ? text.Replace(words, Marker, StringComparison.OrdinalIgnoreCase) : null;

        // JSON keeps non-ASCII letters escaped (\u00E5): the words are looked for in its string values, not its raw text.
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return Redacted(text, words);
        }

        return node is not null && RedactNode(node, words) ? node.ToJsonString() : null;
    }

    private static bool RedactNode(JsonNode node, string words)
    {
        switch (node)
        {
            case JsonObject obj:
                var objectChanged = false;
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue leaf && leaf.TryGetValue<string>(out var text) && Redacted(text, words) is { } redacted)
                    {
                        obj[name] = redacted;
                        objectChanged = true;
                    }
                    else if (value is not null && value is not JsonValue)
                    {
                        objectChanged |= RedactNode(value, words);
                    }
                }

                return objectChanged;
            case JsonArray array:
                var arrayChanged = false;
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue leaf && leaf.TryGetValue<string>(out var text) && Redacted(text, words) is { } redacted)
                    {
                        array[i] = redacted;
                        arrayChanged = true;
                    }
                    else if (array[i] is { } item and not JsonValue)
                    {
                        arrayChanged |= RedactNode(item, words);
                    }
                }

                return arrayChanged;
            default:
                return false;
        }
    }

    private sealed class Row
    {
        public object RowKey { get; init; } = null!;
        public string? Text { get; init; }
    }
}
