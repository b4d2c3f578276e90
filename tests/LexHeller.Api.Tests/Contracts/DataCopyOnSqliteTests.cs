using LexHeller.Api.Data;

namespace LexHeller.Api.Tests.Contracts;

/// <summary>The copy into a new SQLite file: the whole path (order, key ring, verification) on a machine without SQL Server.</summary>
public sealed class DataCopyOnSqliteTests : DataCopyContract
{
    protected override DatabaseProvider TargetProvider => DatabaseProvider.Sqlite;

    protected override string CreateEmptyTarget(string directory) => $"Data Source={Path.Combine(directory, "copy", "target.db")}";
}
