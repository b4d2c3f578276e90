using System.Security.Cryptography;
using System.Threading.Channels;

namespace LexHeller.Baseline;

public interface IReportWriter
{
    Task<SubmitResponse> WriteAsync(PendingReport report);
}

/// <summary>
/// One connection with the service's SQLite settings and the intake's inserts prepared once
/// (SqliteCommand.Prepare) and reused: the rows SubmitReport writes for a report filed with an API
/// key and an Idempotency-Key, routed to a queue.
/// </summary>
public sealed class ReportInserts : IDisposable
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SqliteConnection _connection;
    private readonly World _world;
    private readonly SqliteCommand _counter, _report, _party, _contact, _receipt, _event, _idempotency;
    private readonly bool _unprepared;

    /// <summary>
    /// With <paramref name="unprepared"/>, each statement is made afresh for each execution (a new command, parsed
    /// again by SQLite) as the service's Dapper calls are, instead of reusing the prepared ones: this measures
    /// what statement preparation costs.
    /// </summary>
    public ReportInserts(string database, World world, bool unprepared = false)
    {
        _world = world;
        _unprepared = unprepared;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, DefaultTimeout = 30, Pooling = false }.ToString());
        _connection.Open();
        using (var pragmas = _connection.CreateCommand())
        {
            // As the service: the file is in WAL mode; a commit is on disk before the answer; foreign keys hold.
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
            pragmas.ExecuteNonQuery();
        }

        _counter = Prepare("""
            INSERT INTO reference_counters (association_id, year, last_value) VALUES ($association, $year, 1)
            ON CONFLICT (association_id, year) DO UPDATE SET last_value = last_value + 1
            RETURNING last_value
            """, "$association", "$year");
        _report = Prepare("""
            INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind,
                reporter_party_id, suggested_category, description, consequence, actions_taken, suggested_improvement,
                affected_gender, anonymous_to_parties, status, channel, api_client_id, version, created_at, updated_at,
                involved_party_kinds, queue_id)
            VALUES ($id, $association, $area, $reference, $year, $sequence, $eventDate, $kind, $reporter, $category, $description,
                $consequence, $actions, $improvement, $gender, $anonymous, 'received', 'api', $client, 1, $now, $now, $kinds, $queue)
            """, "$id", "$association", "$area", "$reference", "$year", "$sequence", "$eventDate", "$kind", "$reporter", "$category",
            "$description", "$consequence", "$actions", "$improvement", "$gender", "$anonymous", "$client", "$now", "$kinds", "$queue");
        _party = Prepare("INSERT INTO report_involved_parties (report_id, party_id) VALUES ($report, $party)", "$report", "$party");
        _contact = Prepare("""
            INSERT INTO reporter_contacts (report_id, sealed_contact, has_email, created_at) VALUES ($report, $sealed, $hasEmail, $now)
            """, "$report", "$sealed", "$hasEmail", "$now");
        _receipt = Prepare("INSERT INTO receipts (token_hash, report_id, created_at) VALUES ($hash, $report, $now)", "$hash", "$report", "$now");
        _event = Prepare("""
            INSERT INTO report_events (id, report_id, sequence, occurred_at, event_type, actor, from_status, to_status, reason, data)
            VALUES ($id, $report, $sequence, $now, $type, $actor, NULL, $to, $reason, $data)
            """, "$id", "$report", "$sequence", "$now", "$type", "$actor", "$to", "$reason", "$data");
        _idempotency = Prepare("""
            INSERT INTO idempotency_records (scope, idempotency_key, request_hash, report_id, response_body, created_at, expires_at)
            VALUES ($scope, $key, $hash, $report, $body, $now, $expires)
            """, "$scope", "$key", "$hash", "$report", "$body", "$now", "$expires");
    }

    /// <summary>BEGIN IMMEDIATE, as the service's transactions.</summary>
    public SqliteTransaction Begin() => _connection.BeginTransaction(deferred: false);

    public SubmitResponse Insert(SqliteTransaction transaction, PendingReport pending)
    {
        var now = DateTimeOffset.UtcNow;
        var at = now.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);
        var year = now.Year;
        var (report, command) = (pending.Report, pending.Report.Command);

        var sequence = Convert.ToInt32(Run(_counter, transaction, scalar: true, _world.AssociationId, year), CultureInfo.InvariantCulture);
        // Five digits a year as in the service; a long group-commit run may pass 99,999, which only lengthens the text.
        var reference = string.Create(CultureInfo.InvariantCulture, $"LH-{year:D4}-{sequence:D5}");
        var id = Guid.CreateVersion7(now);
        Run(_report, transaction, scalar: false, id, _world.AssociationId, report.AreaId, reference, year, sequence,
            command.EventDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), command.Kind, command.ReporterPartyId,
            command.SuggestedCategory, command.Description!.Trim(), command.Consequence!.Trim(), command.ActionsTaken?.Trim() ?? "",
            command.SuggestedImprovement?.Trim() ?? "", command.AffectedGender, command.Reporter?.AnonymousToParties == true ? 1 : 0,
            pending.Client.Id, at, report.PartyKinds, report.Rule.QueueId);
        foreach (var party in command.InvolvedPartyIds!)
            Run(_party, transaction, scalar: false, id, party);

        if (command.Reporter is { } contact && (contact.Name ?? contact.Role ?? contact.Email ?? contact.Phone) is not null)
        {
            var details = JsonSerializer.SerializeToUtf8Bytes(new { contact.Name, contact.Role, contact.Email, contact.Phone }, Json);
            Run(_contact, transaction, scalar: false, id, Sealed(details.Length), contact.Email is null ? 0 : 1, at);
        }

        var receiptToken = Base64Url(RandomNumberGenerator.GetBytes(16));
        Run(_receipt, transaction, scalar: false, Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(receiptToken))), id, at);

        Run(_event, transaction, scalar: false, Guid.CreateVersion7(now), id, 1, at, "submitted", $"api-client:{pending.Client.Name}",
            "received", null, """{"channel":"api"}""");
        var (rule, queue) = report.Names;
        Run(_event, transaction, scalar: false, Guid.CreateVersion7(now), id, 2, at, "routed", "system:routing", null,
            $"Routing rule '{rule}' matched.", JsonSerializer.Serialize(new
            {
                ruleId = report.Rule.Id, rule, queueId = report.Rule.QueueId, queue, forwardToAssociationId = (Guid?)null,
            }));

        var response = new SubmitResponse(id, reference, receiptToken, "received");
        if (pending.IdempotencyKey is { } key)
        {
            var answer = JsonSerializer.SerializeToUtf8Bytes(response, Json);
            Run(_idempotency, transaction, scalar: false,
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"api-client:{pending.Client.Id:D}"))), key,
                pending.RequestHash, id, Sealed(answer.Length), at, now.AddHours(24).UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture));
        }

        return response;
    }

    /// <summary>
    /// Text of the size Data Protection makes of <paramref name="plainLength"/> bytes (header, key id,
    /// key modifier and IV, AES-CBC blocks, HMAC-SHA256; base64url): the service seals contacts and
    /// stored answers, the baseline only writes as much.
    /// </summary>
    private static string Sealed(int plainLength) =>
        Base64Url(RandomNumberGenerator.GetBytes(4 + 16 + 16 + 16 + (plainLength / 16 + 1) * 16 + 32));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private object? Run(SqliteCommand prepared, SqliteTransaction transaction, bool scalar, params object?[] values)
    {
        using var fresh = _unprepared ? _connection.CreateCommand() : null;
        if (fresh is not null)
        {
            fresh.CommandText = prepared.CommandText;
            foreach (SqliteParameter parameter in prepared.Parameters)
                fresh.Parameters.Add(new SqliteParameter { ParameterName = parameter.ParameterName });
        }

        var command = fresh ?? prepared;
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                Guid guid => guid.ToString("D"),
                var value => value,
            };
        }

        return scalar ? command.ExecuteScalar() : command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in new[] { _counter, _report, _party, _contact, _receipt, _event, _idempotency })
            command.Dispose();
        _connection.Dispose();
    }
}

/// <summary>One transaction per report, on one of <c>connections</c> prepared connections.</summary>
public sealed class PooledWriter : IReportWriter
{
    private readonly Channel<ReportInserts> _idle = Channel.CreateUnbounded<ReportInserts>();

    public PooledWriter(string database, World world, int connections, bool unprepared = false)
    {
        for (var i = 0; i < connections; i++)
            _idle.Writer.TryWrite(new ReportInserts(database, world, unprepared));
    }

    public async Task<SubmitResponse> WriteAsync(PendingReport report)
    {
        var inserts = await _idle.Reader.ReadAsync();
        try
        {
            using var transaction = inserts.Begin();
            var response = inserts.Insert(transaction, report);
            transaction.Commit();
            return response;
        }
        finally
        {
            _idle.Writer.TryWrite(inserts);
        }
    }
}

/// <summary>
/// Group commit: requests queue their reports; one writer takes whatever is waiting (up to
/// <c>maxBatch</c>), writes them in one transaction, commits once (one fsync) and then answers them all.
/// A failure fails the whole batch (the bench sends valid bodies only).
/// </summary>
public sealed class GroupCommitWriter : IReportWriter
{
    private readonly Channel<(PendingReport Report, TaskCompletionSource<SubmitResponse> Answer)> _waiting =
        Channel.CreateUnbounded<(PendingReport, TaskCompletionSource<SubmitResponse>)>(new UnboundedChannelOptions { SingleReader = true });

    public GroupCommitWriter(string database, World world, int maxBatch)
    {
        var inserts = new ReportInserts(database, world);
        _ = Task.Factory.StartNew(() => WriteBatches(inserts, maxBatch), TaskCreationOptions.LongRunning);
    }

    public Task<SubmitResponse> WriteAsync(PendingReport report)
    {
        var answer = new TaskCompletionSource<SubmitResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Writer.TryWrite((report, answer));
        return answer.Task;
    }

    private void WriteBatches(ReportInserts inserts, int maxBatch)
    {
        var batch = new List<(PendingReport Report, TaskCompletionSource<SubmitResponse> Answer)>(maxBatch);
        var responses = new List<SubmitResponse>(maxBatch);
        while (_waiting.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            responses.Clear();
            while (batch.Count < maxBatch && _waiting.Reader.TryRead(out var item))
                batch.Add(item);
            try
            {
                using var transaction = inserts.Begin();
                foreach (var (report, _) in batch)
                    responses.Add(inserts.Insert(transaction, report));
                transaction.Commit();
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Answer.SetResult(responses[i]);
            }
            catch (Exception exception)
            {
                foreach (var (_, answer) in batch)
                    answer.TrySetException(exception);
            }
        }
    }
}
