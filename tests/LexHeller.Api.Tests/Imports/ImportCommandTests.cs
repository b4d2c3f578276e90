using LexHeller.Api.Features.Imports;

namespace LexHeller.Api.Tests.Imports;

/// <summary>The <c>import</c> command: the same import from a file on the server, with progress, a summary and exit codes.</summary>
public sealed class ImportCommandTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();
    private readonly ScratchDirectory _scratch = new("import");
    private GeneratedRegister _register = null!;

    public async ValueTask InitializeAsync()
    {
        // Started (migrated and seeded) as the service would be before an operator imports.
        _ = _factory.CreateClient();
        await Task.CompletedTask;
        _register = new GeneratedRegister(LexHeller.Api.Infrastructure.SwedishCalendar.Today(_factory.Clock));
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _scratch.Dispose();
    }

    private async Task<(int ExitCode, string Output, string Error)> ImportAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ImportCommand.RunAsync(arguments, _factory.Services, output, error, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_dry_run_then_the_import_then_the_same_file_again_print_progress_the_refused_rows_and_a_summary()
    {
        var file = Path.Combine(_scratch.Path, "Höglandets register.csv");
        await File.WriteAllBytesAsync(file, _register.ToCsv(), TestContext.Current.CancellationToken);
        var mapping = Path.Combine(_scratch.Path, "mapping.json");
        await File.WriteAllTextAsync(mapping, GeneratedRegister.CategoryMappingJson, TestContext.Current.CancellationToken);
        var refusedRows = _register.Planted.Select(p => p.Row).Distinct().Count();
        var accepted = GeneratedRegister.RowCount - refusedRows;

        var dry = await ImportAsync("--association", DemoSeed.HoglandetCode, "--file", file, "--mapping", mapping, "--dry-run");
        Assert.Equal(1, dry.ExitCode);
        Assert.Contains("Checked 100 of 320 rows.", dry.Output, StringComparison.Ordinal);
        Assert.Contains($"320 rows: {accepted} would be imported, 0 imported before, {refusedRows} refused", dry.Output, StringComparison.Ordinal);
        Assert.Contains("Row 17, beskrivning: A personal identity number was found", dry.Output, StringComparison.Ordinal);
        Assert.Contains("Row 150, handelsedatum: '4/3/2019' is not a date", dry.Output, StringComparison.Ordinal);
        foreach (var number in _register.PlantedNumbers)
            Assert.DoesNotContain(number, dry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM report_imports"));

        var real = await ImportAsync("--association", DemoSeed.HoglandetCode, "--file", file, "--mapping", mapping);
        Assert.Equal(1, real.ExitCode);
        Assert.Contains($"Imported 100 of {accepted} rows.", real.Output, StringComparison.Ordinal);
        Assert.Contains($"320 rows: {accepted} imported, 0 imported before", real.Output, StringComparison.Ordinal);
        Assert.Equal(accepted, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM report_imports WHERE source_file = 'Höglandets register.csv'"));
        Assert.Equal("import", await _factory.ScalarAsync<string>("SELECT actor FROM audit_events WHERE action = 'import-register'"));

        var again = await ImportAsync("--association", DemoSeed.HoglandetCode, "--file", file, "--mapping", mapping);
        Assert.Contains($"320 rows: 0 imported, {accepted} imported before", again.Output, StringComparison.Ordinal);
        Assert.Equal(accepted, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM report_imports"));
    }

    [Fact]
    public async Task Wrong_arguments_and_an_unknown_association_are_refused_with_their_exit_codes()
    {
        var file = Path.Combine(_scratch.Path, "register.csv");
        await File.WriteAllBytesAsync(file, _register.ToCsv(), TestContext.Current.CancellationToken);

        var missing = await ImportAsync("--file", file);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--association is required.", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await ImportAsync("--association", "hoglandet", "--file", Path.ChangeExtension(file, ".txt"))).ExitCode);

        var unknown = await ImportAsync("--association", "finns-inte", "--file", file, "--dry-run");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("Association 'finns-inte' was not found.", unknown.Error, StringComparison.Ordinal);
    }
}
