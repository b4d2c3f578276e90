using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LexHeller.SqlServer.Tests;

/// <summary>
/// Every storage contract runs on both engines: each abstract class of LexHeller.Testing.Contracts
/// that holds tests has exactly one concrete binding here (SQL Server, found by reflection) and one in
/// LexHeller.Api.Tests (SQLite, found in its source: that project is not loaded here). A new contract
/// without both fails, naming what is missing.
/// </summary>
public sealed class ContractBindingTests
{
    [Fact]
    public void Every_storage_contract_is_bound_once_to_sqlite_and_once_to_sql_server()
    {
        var contracts = Contracts();

        var missing = Problems(contracts.Select(contract => contract.Name), SqliteBindings(), SqlServerBindings());

        Assert.True(missing.Count == 0, string.Join("\n", missing));
        Assert.True(contracts.Count >= 6, $"Only {contracts.Count} contracts found: {string.Join(", ", contracts.Select(contract => contract.Name))}");
        Assert.Contains(typeof(ReportIntakeContract), contracts);
        Assert.DoesNotContain(typeof(WorkflowContract), contracts);   // a base without tests of its own is no contract
    }

    [Fact]
    public void A_contract_without_a_binding_or_with_two_is_reported()
    {
        var problems = Problems(
            ["ReportIntakeContract", "NewContract", "TwiceContract"],
            [("ReportIntakeContract", "ReportIntakeOnSqliteTests"), ("TwiceContract", "A"), ("TwiceContract", "B")],
            [("ReportIntakeContract", "ReportIntakeOnSqlServerTests"), ("TwiceContract", "C")]);

        Assert.Equal(
            [
                "NewContract: no SQLite binding in tests/LexHeller.Api.Tests",
                "NewContract: no SQL Server binding in tests/LexHeller.SqlServer.Tests",
                "TwiceContract: 2 SQLite bindings in tests/LexHeller.Api.Tests (A, B)",
            ],
            problems);
    }

    /// <summary>The abstract classes of the contracts' namespace that declare or inherit tests.</summary>
    private static List<Type> Contracts() =>
        [.. typeof(WorkflowContract).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: true, IsClass: true, Namespace: "LexHeller.Testing.Contracts" })
            .Where(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any()))
            .OrderBy(type => type.Name, StringComparer.Ordinal)];

    private static IEnumerable<(string Contract, string Binding)> SqlServerBindings() =>
        typeof(ContractBindingTests).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsClass: true })
            .SelectMany(type => Ancestors(type).Where(ancestor => ancestor.Namespace == "LexHeller.Testing.Contracts")
                .Select(ancestor => (ancestor.Name, type.Name)));

    /// <summary>Concrete classes in the SQLite test project's source whose base list names a contract.</summary>
    private static IEnumerable<(string Contract, string Binding)> SqliteBindings() =>
        Directory.EnumerateFiles(Repository.PathOf("tests", "LexHeller.Api.Tests"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .SelectMany(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            .Where(type => !type.Modifiers.Any(SyntaxKind.AbstractKeyword) && type.BaseList is not null)
            .SelectMany(type => type.BaseList!.Types.Select(baseType => (Contract: baseType.Type switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.Text,
                SimpleNameSyntax simple => simple.Identifier.Text,
                _ => baseType.Type.ToString(),
            }, Binding: type.Identifier.Text)));

    private static List<string> Problems(IEnumerable<string> contracts,
        IEnumerable<(string Contract, string Binding)> sqlite, IEnumerable<(string Contract, string Binding)> sqlServer)
    {
        var problems = new List<string>();
        foreach (var contract in contracts)
        {
            foreach (var (engine, project, bindings) in new[] { ("SQLite", "LexHeller.Api.Tests", sqlite), ("SQL Server", "LexHeller.SqlServer.Tests", sqlServer) })
            {
                var found = bindings.Where(binding => binding.Contract == contract).Select(binding => binding.Binding).Distinct().Order().ToList();
                if (found.Count == 0)
                    problems.Add($"{contract}: no {engine} binding in tests/{project}");
                else if (found.Count > 1)
                    problems.Add($"{contract}: {found.Count} {engine} bindings in tests/{project} ({string.Join(", ", found)})");
            }
        }
        return problems;
    }

    private static IEnumerable<Type> Ancestors(Type type)
    {
        for (var ancestor = type.BaseType; ancestor is not null; ancestor = ancestor.BaseType)
            yield return ancestor;
    }
}
