namespace LexHeller.Testing.Faults;

/// <summary>Where an injected fault strikes.</summary>
public enum FaultPoint
{
    /// <summary>Opening a connection (the server is unreachable or refuses the login).</summary>
    Open,

    /// <summary>Running a command whose text contains the fault's <see cref="Fault.Sql"/> (a deadlock, a dropped connection).</summary>
    Command,

    /// <summary>Committing, before the real commit: nothing was stored.</summary>
    BeforeCommit,

    /// <summary>Committing, after the real commit: the change was stored but the answer was lost on the way back.</summary>
    AfterCommit,
}

/// <summary>
/// One armed fault: thrown <see cref="Times"/> times its point is reached (after letting the first
/// <see cref="After"/> through), then the real call goes through.
/// </summary>
public sealed class Fault(FaultPoint point, Func<Exception> create, int times, string? sql, int after = 0)
{
    private int _reached;

    public FaultPoint Point { get; } = point;

    /// <summary>For <see cref="FaultPoint.Command"/>: a fragment of the command text it strikes (null: any command).</summary>
    public string? Sql { get; } = sql;

    public int Times { get; } = times;

    /// <summary>How many visits go through before the first throw.</summary>
    public int After { get; } = after;

    /// <summary>How often the point was reached: the attempts the service made.</summary>
    public int Reached => Volatile.Read(ref _reached);

    /// <summary>How often the fault was thrown.</summary>
    public int Thrown => Math.Clamp(Reached - After, 0, Times);

    internal bool Matches(FaultPoint point, string? commandText) =>
        point == Point && (Sql is null || commandText?.Contains(Sql, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Counts the visit; the exception to throw while the fault still has throws left.</summary>
    internal Exception? Visit() => Interlocked.Increment(ref _reached) is var visit && visit > After && visit <= After + Times ? create() : null;
}

/// <summary>
/// The faults a test arms against the service's real database. <see cref="FaultInjectingConnectionFactory"/>
/// consults it at every open, command and commit of a connection opened during an HTTP request (background
/// jobs and start-up are left alone, so they cannot take a fault meant for a request), or of every connection
/// when <see cref="RequestsOnly"/> is false.
/// </summary>
public sealed class FaultSource
{
    /// <summary>False: the background jobs' connections meet the faults too (arm them with a command text that only the job runs).</summary>
    public bool RequestsOnly { get; init; } = true;

    private readonly Lock _lock = new();
    private readonly List<Fault> _faults = [];
    private readonly List<Hold> _holds = [];

    /// <summary>
    /// Holds the first visit of <paramref name="point"/> (of a command containing <paramref name="sql"/>, when given)
    /// for <paramref name="duration"/> before it goes through: a transaction held open before its commit, so that a
    /// test can run a second one while the first is in flight. <see cref="Hold.Reached"/> completes when it is held.
    /// </summary>
    public Hold HoldOnce(FaultPoint point, TimeSpan duration, string? sql = null)
    {
        var hold = new Hold(point, duration, sql);
        lock (_lock)
            _holds.Add(hold);
        return hold;
    }

    /// <summary>
    /// Throws <paramref name="create"/>'s exception the first <paramref name="times"/> times <paramref name="point"/>
    /// is reached after the first <paramref name="after"/> visits have gone through.
    /// </summary>
    public Fault Arm(FaultPoint point, Func<Exception> create, int times, string? sql = null, int after = 0)
    {
        var fault = new Fault(point, create, times, sql, after);
        lock (_lock)
            _faults.Add(fault);
        return fault;
    }

    /// <summary>A fabricated <see cref="Microsoft.Data.SqlClient.SqlException"/> with <paramref name="number"/>.</summary>
    public Fault Arm(FaultPoint point, int number, int times, string? sql = null) =>
        Arm(point, () => SqlExceptions.WithNumber(number), times, sql);

    internal void Strike(FaultPoint point, string? commandText = null)
    {
        Hold[] holds;
        lock (_lock)
            holds = [.. _holds.Where(hold => hold.Matches(point, commandText))];
        foreach (var hold in holds)
            hold.Visit();

        Fault[] matching;
        lock (_lock)
            matching = [.. _faults.Where(fault => fault.Matches(point, commandText))];
        foreach (var fault in matching)
        {
            if (fault.Visit() is { } exception)
                throw exception;
        }
    }
}

/// <summary>One armed hold (<see cref="FaultSource.HoldOnce"/>): the first visit of its point waits, the others go through.</summary>
public sealed class Hold(FaultPoint point, TimeSpan duration, string? sql)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _taken;

    /// <summary>Completes when the first visit is being held.</summary>
    public Task Reached => _reached.Task;

    internal bool Matches(FaultPoint visited, string? commandText) =>
        visited == point && (sql is null || commandText?.Contains(sql, StringComparison.OrdinalIgnoreCase) == true);

    // Blocking: the hooks are synchronous (Strike), and the held thread is a request's, in a test.
    internal void Visit()
    {
        if (Interlocked.Exchange(ref _taken, 1) == 1)
            return;
        _reached.SetResult();
        Thread.Sleep(duration);
    }
}
