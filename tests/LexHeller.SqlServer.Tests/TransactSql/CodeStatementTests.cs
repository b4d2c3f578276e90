using System.Text.RegularExpressions;
using LexHeller.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LexHeller.SqlServer.Tests.TransactSql;

/// <summary>
/// Every SQL statement written in the service's C# code runs on SQL Server too (except the few that
/// belong to a SQLite-only type), so each string literal that reads as SQL is parsed as T-SQL.
/// </summary>
public sealed partial class CodeStatementTests
{
    // Our SQL writes its keywords in capitals, which tells a statement from prose such as "Create a queue".
    [GeneratedRegex(@"^\s*(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|MERGE|WITH\s+\w+|CREATE\s+(TABLE|INDEX|TRIGGER)|ALTER\s+TABLE|DROP\s+(TABLE|INDEX))\b")]
    private static partial Regex LooksLikeSql();

    public static TheoryData<string, string> Statements() =>
        [.. FindStatements().Select(statement => new TheoryDataRow<string, string>(statement.Location, statement.Sql))];

    [Theory]
    [MemberData(nameof(Statements))]
    public void Every_statement_in_the_code_parses_as_t_sql(string location, string sql) =>
        Assert.True(TransactSqlParsing.Errors(sql) is { Count: 0 }, $"{location}: {string.Join("; ", TransactSqlParsing.Errors(sql))}\n{sql}");

    [Fact]
    public void The_scan_finds_the_statements_of_every_slice_and_the_sql_server_dialect()
    {
        var locations = FindStatements().Select(statement => statement.Location).ToList();

        Assert.True(locations.Count >= 15, $"Only {locations.Count} statements found.");
        foreach (var expected in new[] { "SubmitReport.cs", "GetReport.cs", "GetReceipt.cs", "GetReferenceData.cs", "SqlDialect.cs:SqlServerDialect" })
            Assert.Contains(locations, location => location.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(locations, location => location.Contains("SqliteDialect", StringComparison.Ordinal));
    }

    private static IEnumerable<(string Location, string Sql)> FindStatements()
    {
        var source = Repository.PathOf("src", "LexHeller.Api");
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
                     .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order())
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (var literal in root.DescendantNodes().OfType<LiteralExpressionSyntax>().Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)))
            {
                var text = literal.Token.ValueText;
                if (!LooksLikeSql().IsMatch(text))
                    continue;

                var type = literal.Ancestors().OfType<TypeDeclarationSyntax>().LastOrDefault()?.Identifier.Text ?? "";
                var innermost = literal.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text ?? "";
                if (type.Contains("Sqlite", StringComparison.Ordinal) || innermost.Contains("Sqlite", StringComparison.Ordinal))
                    continue;

                var line = literal.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                yield return ($"{Path.GetRelativePath(source, file)}:{innermost}:{line}", text);
            }
        }
    }
}
