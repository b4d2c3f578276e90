using LexHeller.Api.Data.Resilience;
using LexHeller.Testing.Faults;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Infrastructure.TransientFaults;

public sealed class SqlServerTransientFaultsTests
{
    // Written out rather than read from the classifier, so that dropping a number fails here.
    public static TheoryData<int> TransientNumbers =>
    [
        -2, 20, 64, 121, 233, 997, 1204, 1205, 1222, 4060, 4221, 10053, 10054, 10060, 10928, 10929, 11001,
        40143, 40197, 40501, 40540, 40613, 42108, 42109, 49918, 49919, 49920,
    ];

    public static TheoryData<int> PermanentNumbers =>
    [
        102,   // syntax error
        207,   // invalid column
        208,   // invalid object
        229,   // permission denied
        515,   // NULL into a NOT NULL column
        547,   // foreign key or check constraint
        2601,  // duplicate key in a unique index
        2627,  // unique or primary key constraint
        8152,  // string or binary data would be truncated
        18456, // login failed
        50000, // RAISERROR
    ];

    [Theory]
    [MemberData(nameof(TransientNumbers))]
    public void A_documented_transient_error_number_is_transient(int number) =>
        Assert.True(SqlServerTransientFaults.IsTransient(SqlExceptions.WithNumber(number)));

    [Theory]
    [MemberData(nameof(PermanentNumbers))]
    public void An_error_that_is_the_same_next_time_is_not_transient(int number) =>
        Assert.False(SqlServerTransientFaults.IsTransient(SqlExceptions.WithNumber(number)));

    [Fact]
    public void Every_classified_number_is_one_the_tests_name()
    {
        Assert.Equal(TransientNumbers.Select(row => row.Data).Order(), SqlServerTransientFaults.ErrorNumbers.Keys.Order());
    }

    [Fact]
    public void An_exception_with_a_transient_error_among_several_is_transient()
    {
        Assert.True(SqlServerTransientFaults.IsTransient(SqlExceptions.WithNumbers(3621, 1205)));
        Assert.False(SqlServerTransientFaults.IsTransient(SqlExceptions.WithNumbers(3621, 2627)));
    }

    [Fact]
    public void A_timeout_is_transient_and_other_exceptions_are_not()
    {
        Assert.True(SqlServerTransientFaults.IsTransient(new TimeoutException()));
        Assert.False(SqlServerTransientFaults.IsTransient(new InvalidOperationException()));
        Assert.False(SqlServerTransientFaults.IsTransient(new SqliteException("database is locked", 5)));
        // The commit's unknown outcome wraps a transient fault, and must not be repeated.
        Assert.False(SqlServerTransientFaults.IsTransient(new CommitOutcomeUnknownException(SqlExceptions.WithNumber(1205))));
    }

    [Fact]
    public void The_error_number_is_read_from_a_sql_exception_only()
    {
        Assert.Equal(40613, SqlServerTransientFaults.ErrorNumber(SqlExceptions.WithNumber(40613)));
        Assert.Null(SqlServerTransientFaults.ErrorNumber(new TimeoutException()));
    }
}
