using System.Globalization;
using System.Text;

namespace LexHeller.Browser.Tests;

/// <summary>
/// The import page (/admin/{code}/import) in Chromium, as Höglandet's administrator uses it: a register larger than
/// the ordinary request limit, a dry run that lists the refused rows in Swedish (never a personal number it found),
/// then the import; axe on each step.
/// </summary>
public sealed class ImportPageTests(BrowserFixture browser) : BrowserTests(browser)
{
    private const int Rows = 400;

    [Fact]
    public async Task The_administrator_tries_a_register_sees_the_refused_rows_in_Swedish_then_imports_it()
    {
        var number = Fixtures.PersonalNumbersToReject()[0];
        var register = Path.Combine(Path.GetTempPath(), $"register-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(register, Register(number), TestContext.Current.CancellationToken);
        try
        {
            Assert.True(new FileInfo(register).Length > 256 * 1024);
            await using var administrator = await NewSessionAsync();
            var page = administrator.Page;
            await page.SignInAsDemoAsync(DemoSeed.AdminEmail);

            await page.GotoAsync($"/admin/{DemoSeed.HoglandetCode}/import");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Importera tidigare register" })).ToBeVisibleAsync();
            await page.AuditAsync("import");

            // Nothing chosen: the error is next to the field.
            await page.GetByRole(AriaRole.Button, new() { Name = "Kör" }).ClickAsync();
            await Expect(page.Locator("#Fil-error")).ToContainTextAsync("Välj registerfilen");
            await page.AuditAsync("import-utan-fil");

            // The dry run: the two planted rows, in Swedish, the number not shown.
            await page.GetByLabel("Registerfil").SetInputFilesAsync(register);
            await page.GetByLabel("Provkör – kontrollera filen utan att spara något").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Kör" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Resultat av provkörningen" })).ToBeVisibleAsync();
            var refused = page.Locator("#refused-rows tbody tr");
            await Expect(refused).ToHaveCountAsync(2);
            await Expect(refused.Nth(0)).ToContainTextAsync("10");
            await Expect(refused.Nth(0)).ToContainTextAsync("personnummer");
            await Expect(refused.Nth(1)).ToContainTextAsync("Okänt område ”Habo”");
            await Expect(page.Locator("#import-result")).ToContainTextAsync($"{Rows - 2} av {Rows} rader");
            var html = await page.ContentAsync();
            Assert.DoesNotContain(number.Split('(', ')')[1], html, StringComparison.Ordinal);
            await page.AuditAsync("import-provkorning");
            Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM report_imports"));

            // The import: the message while it runs, then the result.
            await page.GetByLabel("Registerfil").SetInputFilesAsync(register);
            await page.GetByLabel("Importera – spara de rader som går att importera").CheckAsync();
            var busy = page.Locator("#import-busy");
            await page.GetByRole(AriaRole.Button, new() { Name = "Kör" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Resultat av importen" })).ToBeVisibleAsync();
            await Expect(page.Locator("#import-result")).ToContainTextAsync($"{Rows - 2} av {Rows} rader");
            await Expect(busy).ToBeHiddenAsync();
            await page.AuditAsync("import-klar");
            Assert.Equal(Rows - 2, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM report_imports"));
        }
        finally
        {
            File.Delete(register);
        }
    }

    [Fact]
    public async Task While_the_form_posts_the_page_says_the_import_is_running_and_the_button_cannot_be_pressed_again()
    {
        await using var administrator = await NewSessionAsync();
        var page = administrator.Page;
        await page.SignInAsDemoAsync(DemoSeed.AdminEmail);
        await page.GotoAsync($"/admin/{DemoSeed.HoglandetCode}/import");
        await Expect(page.Locator("#import-busy")).ToBeHiddenAsync();

        // The submission is held on the page (a listener after the page's own cancels the navigation), so the page as it
        // is while a long import runs stays to be looked at.
        await page.EvaluateAsync("""
            () => {
                const form = document.getElementById('import-form');
                form.addEventListener('submit', event => event.preventDefault());
                form.requestSubmit();
            }
            """);

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Importen pågår…" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Kör" })).ToBeDisabledAsync();
        await page.AuditAsync("import-pagar");
    }

    /// <summary>A register of Höglandet in the template's columns, ';' and UTF-8 with a byte order mark; row 10 holds a personal number, row 250 an unknown area.</summary>
    private static byte[] Register(string personalNumberText)
    {
        var text = new StringBuilder("id;handelsedatum;inkom;omrade;rapporterande_part;berorda_parter;kategori;beskrivning;konsekvens;status;utfall;avslutad\r\n");
        var areas = new[] { "Eksjö", "Nässjö", "Sävsjö", "Tranås", "Vetlanda", "Aneby" };
        for (var row = 2; row < Rows + 2; row++)
        {
            var happened = new DateOnly(2016, 2, 1).AddDays(row * 8);
            var area = row == 250 ? "Habo" : areas[row % areas.Length];
            var description = (row == 10 ? personalNumberText + " " : "") + $"Rad {row}: personen skickades mellan socialtjänsten i {area} och Försäkringskassan. "
                + string.Concat(Enumerable.Repeat("Ingen part tog ansvar för överlämningen, och ärendet blev liggande när handläggaren slutade. ", 8));
            text.Append(CultureInfo.InvariantCulture, $"REG-{row};{happened:yyyy-MM-dd};{happened.AddDays(3):yyyy-MM-dd};{area};{(row == 250 ? "Nässjö" : area)} kommun;Försäkringskassan;handover;")
                .Append(CultureInfo.InvariantCulture, $"\"{description}\";Personen fick vänta.;Avslutad;Löst direkt med ansvarig chef;{happened.AddDays(40):yyyy-MM-dd}\r\n");
        }

        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}
