namespace LexHeller.Browser.Tests.Support;

/// <summary>What a user does on the pages, the way a user does it: by labels, roles and visible text.</summary>
public static class Site
{
    /// <summary>A report the journey files: fixture 3's kind of story, with Försäkringskassan involved.</summary>
    public sealed record ReportInput(
        string Area = "Nässjö",
        string EventDate = "2026-11-03",
        string Kind = "Har inträffat",
        string OwnParty = "Nässjö kommun",
        string InvolvedParty = "Försäkringskassan",
        string Category = "Brister vid remiss eller överlämning",
        string Description = "Handläggaren på Försäkringskassan avslutade ärendet utan att meddela kommunens arbetsmarknadsenhet, trots att en gemensam planering pågick.",
        string Consequence = "Personen stod utan både planering och ersättning i sex veckor.");

    /// <summary>Checks the page with axe (WCAG 2.1 A and AA) after saving its screenshot, so a failure still leaves a picture.</summary>
    public static async Task AuditAsync(this IPage page, string step)
    {
        await page.SaveScreenshotAsync(step);
        await page.AssertNoAccessibilityViolationsAsync();
    }

    public static async Task SignInAsDemoAsync(this IPage page, string email)
    {
        await page.GotoAsync("/logga-in/demo");
        var identity = DemoIdentities.SignIn.Find(email) ?? throw new ArgumentException($"No demo identity {email}.", nameof(email));
        await page.Locator($"button[name=email][value='{identity.Email}']").ClickAsync();
        await Expect(page.GetByText($"Inloggad som {identity.Name}")).ToBeVisibleAsync();
    }

    public static async Task FillReportAsync(this IPage page, ReportInput report)
    {
        await page.GetByLabel("Område", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = report.Area });
        await page.GetByLabel("Datum", new() { Exact = true }).FillAsync(report.EventDate);
        await page.GetByLabel(report.Kind, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Din organisation", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = report.OwnParty });
        await page.GetByRole(AriaRole.Group, new() { Name = "Parter där samverkan brast" })
            .GetByLabel(report.InvolvedParty, new() { Exact = true }).CheckAsync();
        await page.GetByLabel(report.Category, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Vad hände?", new() { Exact = true }).FillAsync(report.Description);
        await page.GetByLabel("Vad blev följden för personen?", new() { Exact = true }).FillAsync(report.Consequence);
    }

    /// <summary>Sends the filled form and returns the receipt's address and code from the confirmation page.</summary>
    public static async Task<(string Link, string Code, string Reference)> SendReportAsync(this IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka avvikelsen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tack! Avvikelsen är mottagen" })).ToBeVisibleAsync();
        var link = await page.Locator("#receipt-link").GetAttributeAsync("href") ?? throw new InvalidOperationException("No receipt link.");
        var code = (await page.Locator("#receipt-code").TextContentAsync())!.Trim();
        var reference = (await page.Locator(".notice strong").TextContentAsync())!.Trim();
        return (link, code, reference);
    }

    /// <summary>Opens the action's panel on the triage page, fills its fields and the reason, and sends it.</summary>
    public static async Task ActAsync(this IPage page, string action, string reason, Func<ILocator, Task>? fill = null, string? button = null)
    {
        var panel = page.Locator("details.action").Filter(new() { Has = page.Locator("summary", new() { HasText = action }) });
        if (await panel.GetAttributeAsync("open") is null)
            await panel.Locator("summary").ClickAsync();
        if (fill is not null)
            await fill(panel);
        await panel.GetByLabel("Skäl", new() { Exact = true }).FillAsync(reason);
        await panel.GetByRole(AriaRole.Button, new() { Name = button ?? action }).ClickAsync();
    }
}
