using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LexHeller.SqlServer.Tests.TransactSql;

/// <summary>
/// Every SQL statement written in the service's C# code runs on SQL Server too (except the few that
/// belong to a SQLite-only type), so each string literal that reads as SQL is parsed as T-SQL, and so is
/// each interpolated string built from string constants.
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

        // 169 when this floor was set: a scan that loses a slice's statements falls below it.
        Assert.True(locations.Count >= 160, $"Only {locations.Count} statements found.");
        foreach (var expected in new[] { "SubmitReport.cs", "GetReport.cs", "GetReceipt.cs", "GetReferenceData.cs", "SqlDialect.cs:SqlServerDialect",
                     "PatternDetection.cs", "PatternReports.cs" })
            Assert.Contains(locations, location => location.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(locations, location => location.Contains("SqliteDialect", StringComparison.Ordinal));
    }

    private static IEnumerable<(string Location, string Sql)> FindStatements()
    {
        var source = Repository.PathOf("src", "LexHeller.Api");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order()
            .Select(path => (Path: path, Root: CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot()))
            .ToList();
        var constants = StringConstants(files.Select(file => file.Root));

        foreach (var (path, root) in files)
        {
            foreach (var literal in root.DescendantNodes().OfType<ExpressionSyntax>()
                         .Where(node => node.IsKind(SyntaxKind.StringLiteralExpression) || node is InterpolatedStringExpressionSyntax))
            {
                // A statement built from constants ($"... {PatternReports.Counted} ...") is parsed with them filled in.
                var text = Value(literal, constants);
                if (text is null || !LooksLikeSql().IsMatch(text))
                    continue;

                var type = literal.Ancestors().OfType<TypeDeclarationSyntax>().LastOrDefault()?.Identifier.Text ?? "";
                var innermost = literal.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text ?? "";
                if (type.Contains("Sqlite", StringComparison.Ordinal) || innermost.Contains("Sqlite", StringComparison.Ordinal))
                    continue;

                var line = literal.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                yield return ($"{Path.GetRelativePath(source, path)}:{innermost}:{line}", text);
            }
        }
    }

    /// <summary>Every <c>const string</c> of the code by <c>Type.Name</c>, as the expression that gives its value.</summary>
    private static Dictionary<string, ExpressionSyntax> StringConstants(IEnumerable<SyntaxNode> roots) =>
        roots.SelectMany(root => root.DescendantNodes().OfType<FieldDeclarationSyntax>())
            .Where(field => field.Modifiers.Any(SyntaxKind.ConstKeyword))
            .SelectMany(field => field.Declaration.Variables
                .Where(variable => variable.Initializer is not null)
                .Select(variable => (Key: $"{field.Ancestors().OfType<TypeDeclarationSyntax>().First().Identifier.Text}.{variable.Identifier.Text}",
                    Value: variable.Initializer!.Value)))
            .GroupBy(constant => constant.Key)
            .ToDictionary(group => group.Key, group => group.First().Value);

    /// <summary>The text of a string literal, or of an interpolated string whose holes are all string constants; otherwise null.</summary>
    private static string? Value(ExpressionSyntax expression, Dictionary<string, ExpressionSyntax> constants)
    {
        if (expression.IsKind(SyntaxKind.StringLiteralExpression))
            return ((LiteralExpressionSyntax)expression).Token.ValueText;
        if (expression is not InterpolatedStringExpressionSyntax interpolated)
            return null;

        var text = new System.Text.StringBuilder();
        foreach (var content in interpolated.Contents)
        {
            if (content is InterpolatedStringTextSyntax part)
            {
                text.Append(part.TextToken.ValueText);
                continue;
            }

            var hole = ((InterpolationSyntax)content).Expression;
            var key = hole switch
            {
                MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner } access => $"{owner.Identifier.Text}.{access.Name.Identifier.Text}",
                IdentifierNameSyntax name => $"{hole.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text}.{name.Identifier.Text}",
                _ => null,
            };
            if (key is null || !constants.TryGetValue(key, out var constant) || Value(constant, constants) is not { } value)
                return null;
            text.Append(value);
        }

        return text.ToString();
    }
}
