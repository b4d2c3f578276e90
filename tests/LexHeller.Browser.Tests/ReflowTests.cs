using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace LexHeller.Browser.Tests;

/// <summary>
/// Reflow (WCAG 2.1, 1.4.10): every page is usable 320 CSS pixels wide without scrolling the page sideways, and
/// at 1,280 pixels no table needs scrolling either. A table scrolls inside a region of its own, named by its caption
/// and reachable with the keyboard. Each page is opened with every folded section unfolded, as the user who sees it,
/// and axe runs at both widths: no violation, and no "needs review" item caused by clipping (an element that is
/// obscured, overlapped or pushed outside the viewport). The page routes come from the app: a page this test does
/// not open fails it.
/// </summary>
public sealed class ReflowTests(BrowserFixture browser) : BrowserTests(browser)
{
    /// <summary>Routes that answer with a file or a redirect, never a page to lay out.</summary>
    private static readonly HashSet<string> NotLaidOut = new(StringComparer.Ordinal)
    {
        "/statistik/diagram/{chart}.{format}", "/statistik/export/{file}.{format}", "/logga-ut", "/inloggad", "/logga-in/lank/{token}",
    };

    private readonly List<string> _problems = [];
    private readonly HashSet<string> _covered = new(StringComparer.Ordinal);

    [Fact]
    public async Task Every_page_reflows_at_320_pixels_and_its_tables_scroll_in_their_own_named_region()
    {
        Factory.StartKestrel();
        var workflow = new Workflow(Factory);
        var referenceData = await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous);
        var (id, token, reference) = await workflow.FileAsync(ReportBodies.FromFixture(referenceData, 1));
        await workflow.StepAsync(id, "triage", new { reason = "Gäller samverkan mellan parterna." });
        await workflow.ReferAsync(id, "Försäkringskassan");
        await workflow.AnswerAsync(workflow.ResponderFk, id);
        var referral = await Factory.ScalarAsync<Guid>("SELECT id FROM referrals WHERE report_id = @Id", new { Id = id });
        var queue = await Factory.ScalarAsync<Guid>("SELECT queue_id FROM reports WHERE id = @Id", new { Id = id });
        var group = await Factory.ScalarAsync<Guid>("SELECT steering_group_id FROM queues WHERE id = @Id", new { Id = queue });
        var apiKey = await Factory.ScalarAsync<Guid>("SELECT id FROM api_clients ORDER BY created_at, id");
        await Factory.EnqueueDeadAsync(DemoSeed.HoglandetCode);

        await CheckPagesAsync(null,
            ("/", "/"), ("/anmalan", "/anmalan?forbund=hoglandet"), ("/kvitto", "/kvitto"), ("/kvitto/{token}", $"/kvitto/{token}"),
            ("/logga-in", "/logga-in"), ("/logga-in/demo", "/logga-in/demo"), ("/logga-in/e-post/skickad", "/logga-in/e-post/skickad"),
            ("/tillganglighet", "/tillganglighet?forbund=hoglandet"), ("/personuppgifter", "/personuppgifter?forbund=hoglandet"),
            ("/ingen-behorighet", "/ingen-behorighet"), ("/fel", "/fel?status=404"));
        await CheckPagesAsync(DemoSeed.TriagerEmail,
            ("/triage", "/triage"), ("/triage/ko/{id:guid}", $"/triage/ko/{queue}"), ("/triage/avvikelse/{id:guid}", $"/triage/avvikelse/{id}"),
            ("/triage/installningar", "/triage/installningar"));
        await CheckPagesAsync(DemoSeed.ResponderFkEmail, ("/part", "/part"), ("/part/remiss/{id:guid}", $"/part/remiss/{referral}"));
        await CheckPagesAsync(DemoSeed.AnalystEmail, ("/statistik", "/statistik?forbund=hoglandet"));
        await CheckPagesAsync(DemoSeed.AdminEmail,
            ("/admin", "/admin"), ("/admin/{code}", "/admin/hoglandet"), ("/admin/{code}/installningar", "/admin/hoglandet/installningar"),
            ("/admin/{code}/omraden", "/admin/hoglandet/omraden"), ("/admin/{code}/kategorier", "/admin/hoglandet/kategorier"),
            ("/admin/{code}/kategorier/{categoryCode}", "/admin/hoglandet/kategorier/handover"),
            ("/admin/{code}/styrgrupper", "/admin/hoglandet/styrgrupper"),
            ("/admin/{code}/styrgrupper/{id:guid}/moten", $"/admin/hoglandet/styrgrupper/{group}/moten"),
            ("/admin/{code}/routning", "/admin/hoglandet/routning?omrade=aneby&part=region&part=municipality&kategori=catch-22"),
            ("/admin/{code}/parter", "/admin/hoglandet/parter"), ("/admin/{code}/medlemmar", "/admin/hoglandet/medlemmar"),
            ("/admin/{code}/granskningslogg", "/admin/hoglandet/granskningslogg"), ("/admin/{code}/api-nycklar", "/admin/hoglandet/api-nycklar"),
            ("/admin/{code}/api-nycklar/{id:guid}/aterkalla", $"/admin/hoglandet/api-nycklar/{apiKey}/aterkalla"),
            ("/admin/{code}/meddelanden", "/admin/hoglandet/meddelanden"), ("/admin/{code}/import", "/admin/hoglandet/import"),
            ("/admin/{code}/mallar", "/admin/hoglandet/mallar"));

        var pages = PageRoutes.All(Factory.Services).Except(NotLaidOut);
        var unopened = pages.Except(_covered).Order().ToList();
        Assert.True(_problems.Count == 0 && unopened.Count == 0, string.Join('\n', [
            .. _problems,
            .. unopened.Count == 0 ? Array.Empty<string>() : [$"Pages the test does not open: {string.Join(", ", unopened)}."],
        ]));
        Assert.NotEmpty(reference);
    }

    /// <summary>Opens each page as <paramref name="user"/> (anonymous when null) at both widths and notes what fails.</summary>
    private async Task CheckPagesAsync(string? user, params (string Route, string PathAndQuery)[] pages)
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        if (user is not null)
            await page.SignInAsDemoAsync(user);
        foreach (var (route, pathAndQuery) in pages)
        {
            foreach (var width in (int[])[320, 1280])
            {
                await page.SetViewportSizeAsync(width, 900);
                await page.GotoAsync(pathAndQuery);
                Assert.True(PageRoutes.Matches(route, new Uri(page.Url).PathAndQuery) || route == "/fel", $"{pathAndQuery} is not the page {route}.");
                await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
                await page.SaveScreenshotAsync($"reflow-{width}-{route.Trim('/').Replace('/', '-').Replace('{', '_').Replace('}', '_').Replace(':', '_')}");
                foreach (var problem in await page.EvaluateAsync<string[]>(LayoutProblems, width))
                    _problems.Add($"{pathAndQuery} at {width} px: {problem}");
                foreach (var problem in await AxeProblemsAsync(page))
                    _problems.Add($"{pathAndQuery} at {width} px: {problem}");
            }

            _covered.Add(route);
        }
    }

    /// <summary>axe's violations, and its "needs review" items whose reason is clipping or overlap.</summary>
    private static async Task<IEnumerable<string>> AxeProblemsAsync(IPage page)
    {
        var options = new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Accessibility.Tags] },
            ResultTypes = [ResultType.Violations, ResultType.Incomplete],
        };
#pragma warning disable CS0618 // The single axe.run in the page, as in Accessibility.AssertNoAccessibilityViolationsAsync.
        var result = await page.RunAxeLegacy(options: options).WaitAsync(TimeSpan.FromSeconds(60));
#pragma warning restore CS0618
        var violations = result.Violations.Length == 0 ? [] : new[] { Accessibility.Describe(page.Url, result.Violations) };
        var clipped = result.Incomplete
            .SelectMany(item => item.Nodes.Select(node => (item.Id, node)))
            .Where(pair => ((AxeResultCheck[])[.. pair.node.Any ?? [], .. pair.node.All ?? [], .. pair.node.None ?? []])
                .Any(check => ClippingReason(check.Message)))
            .Select(pair => $"axe needs review ({pair.Id}) because of clipping at {pair.node.Target}: {pair.node.Html} [{string.Join("; ", ((AxeResultCheck[])[.. pair.node.Any ?? [], .. pair.node.All ?? [], .. pair.node.None ?? []]).Select(c => c.Message))}]");
        return [.. violations, .. clipped];
    }

    private static bool ClippingReason(string? message) =>
        message is not null && (message.Contains("obscured", StringComparison.OrdinalIgnoreCase)
            || message.Contains("overlap", StringComparison.OrdinalIgnoreCase)
            || message.Contains("outside", StringComparison.OrdinalIgnoreCase)
            || message.Contains("clip", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// In the page: whether it scrolls sideways (and which elements stick out), and whether every table is in a
    /// focusable region named by its caption; at 1,280 pixels no table region may need scrolling.
    /// </summary>
    private const string LayoutProblems = """
        (width) => {
            const problems = [];
            const root = document.documentElement;
            const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
            if (root.scrollWidth > root.clientWidth) {
                const sticking = [...document.body.querySelectorAll('*')]
                    .filter(el => (!el.parentElement.closest('.table-region')) && el.getBoundingClientRect().right > root.clientWidth + 1 && el.getClientRects().length > 0)
                    .filter(el => ![...el.children].some(child => child.getBoundingClientRect().right >= el.getBoundingClientRect().right - 1))
                    .slice(0, 5).map(el => `${describe(el)} (${Math.round(el.getBoundingClientRect().right)} px)`);
                problems.push(`the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window: ${sticking.join(', ')}`);
            }
            for (const table of document.querySelectorAll('table')) {
                const region = table.parentElement;
                const caption = table.querySelector(':scope > caption');
                if (!region.matches('.table-region[role=region][tabindex="0"]'))
                    problems.push(`a table (${caption ? caption.textContent.trim() : 'without caption'}) is not in a focusable region`);
                else if (!caption || !caption.id || region.getAttribute('aria-labelledby') !== caption.id)
                    problems.push('a table region is not named by its table\'s caption');
                else if (width >= 1280 && region.scrollWidth > region.clientWidth + 1)
                    problems.push(`the table "${caption.textContent.trim()}" needs scrolling at ${width} px (${region.scrollWidth} in ${region.clientWidth} px)`);
            }
            return problems;
        }
        """;
}
