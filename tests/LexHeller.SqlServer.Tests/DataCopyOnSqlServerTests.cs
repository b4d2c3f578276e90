using LexHeller.Api.Data;

namespace LexHeller.SqlServer.Tests;

public sealed class DataCopyOnSqlServerTests(SqlServerContainer sqlServer) : DataCopyContract
{
    protected override DatabaseProvider TargetProvider => DatabaseProvider.SqlServer;

    protected override string CreateEmptyTarget(string directory) => sqlServer.NewDatabaseConnectionString();
}
