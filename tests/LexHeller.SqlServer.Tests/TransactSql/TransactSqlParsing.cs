using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace LexHeller.SqlServer.Tests.TransactSql;

/// <summary>Parses T-SQL with ScriptDom, as SQL Server 2022 (compatibility level 160) would read it.</summary>
public static class TransactSqlParsing
{
    public static IReadOnlyList<string> Errors(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return [.. errors.Select(error => $"line {error.Line}, column {error.Column}: {error.Message}")];
    }
}
