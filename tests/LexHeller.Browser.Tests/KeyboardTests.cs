
namespace LexHeller.Browser.Tests;

/// <summary>Keyboard-only use (WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7): a skip link first, every control reached by Tab in reading order, focus always visible.</summary>
public sealed class KeyboardTests(BrowserFixture browser) : BrowserTests(browser)
{
    [Fact]
    public async Task The_first_Tab_reaches_the_skip_link_which_moves_focus_to_the_content()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/anmalan?forbund=hoglandet");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Hoppa till innehållet" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        await page.SaveScreenshotAsync("hoppa-till-innehallet");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("main")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Tab_reaches_every_control_of_the_report_form_in_reading_order_with_a_visible_focus()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/anmalan?forbund=hoglandet");
        // Reading order: every link and control in document order; a radio group is one stop (its first radio).
        var expected = await page.EvaluateAsync<string[]>("""
            () => {
              const seen = new Set();
              return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
                .filter(el => el.offsetParent !== null || el.classList.contains('skip-link'))
                .filter(el => el.type !== 'radio' || (!seen.has(el.name) && seen.add(el.name)))
                .map(el => el.id || el.textContent.trim());
            }
            """);

        // A date field takes a Tab for each of its parts (year, month, day): it counts once.
        var reached = new List<string>();
        for (var presses = 0; reached.Count < expected.Length && presses < expected.Length * 3; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>("""
                () => {
                  const el = document.activeElement;
                  const style = getComputedStyle(el);
                  return [el.id || el.textContent.trim(), style.outlineStyle, style.boxShadow];
                }
                """);
            if (reached.Count > 0 && reached[^1] == focused[0])
                continue;
            reached.Add(focused[0]);
            Assert.True(focused[1] != "none" || focused[2] != "none", $"No visible focus on {focused[0]}.");
        }

        Assert.Equal(expected, reached);
        // The form's last control, then the footer: the association's statements and the API documentation.
        Assert.Equal(["Skicka avvikelsen", "footer-accessibility", "footer-personal-data", "api-documentation"], reached[^4..]);
        Assert.Contains("personal-data-notice", reached);
    }

    [Fact]
    public async Task A_report_can_be_filed_with_the_keyboard_alone()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/anmalan?forbund=hoglandet");

        await FocusAsync(page, "Input_AreaCode");
        await page.Keyboard.PressAsync("ArrowDown"); // Aneby, the first area
        await TypeDateAsync(page, "Input_EventDate", after: "Input_AreaCode", "2026-11-03");
        await FocusAsync(page, "Input_Kind_occurred");
        await page.Keyboard.PressAsync("Space"); // Har inträffat
        await FocusAsync(page, "Input_ReporterPartyId");
        await page.Keyboard.PressAsync("ArrowDown"); // the first party, Aneby kommun
        await FocusAsync(page, "Input_InvolvedPartyIds_0");
        await page.Keyboard.PressAsync("Space"); // Aneby kommun is involved
        await FocusAsync(page, "Input_SuggestedCategory_0");
        await page.Keyboard.PressAsync("Space"); // Regelverk som går isär
        await FocusAsync(page, "Input_Description");
        await page.Keyboard.TypeAsync("Socialtjänsten och vården gav motsatta besked om vilket intyg som behövdes.");
        await FocusAsync(page, "Input_Consequence");
        await page.Keyboard.TypeAsync("Personen fick vänta i fyra veckor.");
        await FocusAsync(page, null, "Skicka avvikelsen");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tack! Avvikelsen är mottagen" })).ToBeVisibleAsync();
        var filed = await Factory.QueryAsync<(string Area, string Category, string EventDate)>(
            "SELECT a.code, r.suggested_category, r.event_date FROM reports r JOIN areas a ON a.id = r.area_id WHERE r.consequence = 'Personen fick vänta i fyra veckor.'");
        Assert.Equal(("aneby", "conflicting-rules", "2026-11-03"), Assert.Single(filed));
    }

    [Fact]
    public async Task An_administrator_creates_a_steering_group_and_adds_a_member_with_the_keyboard_alone()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.SignInAsDemoAsync(DemoSeed.AdminEmail);
        await page.GotoAsync("/admin/hoglandet/styrgrupper");

        await FocusAsync(page, "NewGroup_Name");
        await page.Keyboard.TypeAsync("LSG Tangentbordet");
        await FocusAsync(page, null, "Skapa styrgruppen");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Styrgruppen LSG Tangentbordet är skapad.");

        // The groups are listed by name: "LSG Tangentbordet" comes after the LSGs of the areas (Aneby … Sävsjö), before "LSG Tranås".
        await FocusAsync(page, "Member_GroupId");
        for (var presses = 0; presses < 20
            && await page.Locator("#Member_GroupId").EvaluateAsync<string>("select => select.selectedOptions[0].text") != "LSG Tangentbordet"; presses++)
            await page.Keyboard.PressAsync("ArrowDown");
        await FocusAsync(page, "Member_Email");
        await page.Keyboard.TypeAsync("tangent@kommun.example");
        await FocusAsync(page, null, "Lägg till ledamoten");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("tangent@kommun.example är ledamot i styrgruppen.");
        Assert.Equal(1, await Factory.ScalarAsync<int>("""
            SELECT COUNT(*) FROM steering_group_members m JOIN steering_groups g ON g.id = m.steering_group_id
            WHERE g.name = 'LSG Tangentbordet' AND m.user_key = 'tangent@kommun.example'
            """));
    }

    /// <summary>
    /// Types a date into a date field with the keyboard. The order of its parts follows the browser's
    /// language (år-månad-dag in Swedish, month/day/year in English), so the Swedish order is tried first.
    /// </summary>
    private static async Task TypeDateAsync(IPage page, string id, string after, string isoDate)
    {
        var (year, month, day) = (isoDate[..4], isoDate[5..7], isoDate[8..]);
        string[][] orders =
        [
            [year, "Tab", month + day], // a year may have six digits, so Tab moves on to the month
            [month + day + year],       // two-digit parts move on by themselves
        ];
        foreach (var keys in orders)
        {
            // Into the field from the control before it, so that the first part has the cursor.
            await FocusAsync(page, after, backwards: true);
            await page.Keyboard.PressAsync("Tab");
            foreach (var key in keys)
            {
                if (key == "Tab")
                    await page.Keyboard.PressAsync("Tab");
                else
                    await page.Keyboard.TypeAsync(key);
            }

            if (await page.Locator($"#{id}").InputValueAsync() == isoDate)
                return;
        }

        Assert.Fail($"The date field {id} did not take {isoDate} in either order.");
    }

    /// <summary>Presses Tab (or Shift+Tab) until the element with the id (or the button with the text) has focus.</summary>
    private static async Task FocusAsync(IPage page, string? id, string? text = null, bool backwards = false)
    {
        if (await page.EvaluateAsync<string>("() => document.activeElement.id") == id)
            return;

        for (var presses = 0; presses < 80; presses++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            var focused = await page.EvaluateAsync<string[]>("() => [document.activeElement.id, document.activeElement.textContent.trim()]");
            if ((id is not null && focused[0] == id) || (text is not null && focused[1] == text))
                return;
        }

        Assert.Fail($"Tab never reached {id ?? text}.");
    }
}
