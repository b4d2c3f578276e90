using Microsoft.Data.SqlClient;

namespace LexHeller.Api.Data;

public sealed class SqlServerConnectionFactory(DatabaseOptions options) : IDbConnectionFactory
{
    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(options.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
