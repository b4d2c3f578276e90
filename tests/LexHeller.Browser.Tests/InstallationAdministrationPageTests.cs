using LexHeller.Api.Features.Admin;

namespace LexHeller.Browser.Tests;

/// <summary>
/// <c>/admin</c> for an installation administrator who administers no association: the installation's associations
/// and the form that creates one, in Chromium, checked with axe as it first shows and with a mistake shown.
/// </summary>
public sealed class InstallationAdministrationPageTests(BrowserFixture browser) : IAsyncLifetime
{
    // The reporter administers no association; here the installation names them its administrator.
    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?>
    {
        [$"{InstallationAdministration.ConfigurationSection}:0"] = DemoSeed.ReporterEmail,
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task An_installation_administrator_creates_an_association_on_an_accessible_page_after_a_mistake_shown_next_to_its_field()
    {
        await using var session = await browser.NewSessionAsync(_factory.StartKestrel());
        var page = session.Page;
        await page.SignInAsDemoAsync(DemoSeed.ReporterEmail);
        await page.GotoAsync("/admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Skapa ett förbund" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "hoglandet", Exact = true })).ToBeVisibleAsync();
        await page.AuditAsync("installation");

        await page.GetByLabel("Förbundets namn", new() { Exact = true }).FillAsync("Samordningsförbundet Vättern");
        await page.GetByLabel("Kod", new() { Exact = true }).FillAsync("vattern");
        await page.GetByLabel("Prefix för referenser", new() { Exact = true }).FillAsync("vat");
        await page.GetByLabel("Nej, bara inloggade").CheckAsync();
        await page.GetByLabel("Första administratörens e-postadress").FillAsync("forsta.admin@vattern.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa förbundet" }).ClickAsync();
        await Expect(page.Locator("#NewAssociation_ReferencePrefix-error")).ToContainTextAsync("Prefixet ska vara 2–6 versaler");
        await page.AuditAsync("installation-fel");

        await page.GetByLabel("Prefix för referenser", new() { Exact = true }).FillAsync("VAT");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa förbundet" }).ClickAsync();
        await Expect(page.GetByText("Förbundet Samordningsförbundet Vättern är skapat.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "vattern", Exact = true })).ToBeVisibleAsync();
    }
}
