namespace LexHeller.Api.Tests.Admin;

/// <summary>Response templates: kept by administrators, offered on the forms of their purpose for the report's category (docs/domain.md).</summary>
public sealed class ResponseTemplateTests : WorkflowTests
{
    private HttpClient _admin = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = Factory.Admin();
    }

    [Fact]
    public async Task The_question_form_offers_the_categorys_templates_first_then_those_for_every_category_and_not_another_categorys()
    {
        var general = await CreateAsync("question", null, "Be om datum", "Vilket datum hände det?");
        var own = await CreateAsync("question", "conflicting-rules", "Fråga om regelverken", "Vilka regelverk gick isär?");
        await CreateAsync("question", "handover", "Fråga om överlämningen", "Vem lämnade över?");
        await CreateAsync("closure", null, "Tack", "Tack för avvikelsen.");
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 0));

        var templates = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/response-templates?purpose=question"))!["templates"]!.AsArray();

        Assert.Equal([own, general], templates.Select(template => (Guid)template!["id"]!));
        Assert.Equal("Vilka regelverk gick isär?", (string)templates[0]!["body"]!);
        Assert.Equal(1, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'response-template.created' AND entity_id = @Id", new { Id = own.ToString() }));
    }

    [Fact]
    public async Task A_personal_number_in_a_template_is_refused_with_422_and_nothing_is_stored()
    {
        using var response = await _admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/response-templates",
            new { purpose = "question", title = "Fråga", body = "Gäller det 811218-9876?" });

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("body"));
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM response_templates"));
    }

    [Fact]
    public async Task A_category_the_association_does_not_have_and_an_unknown_purpose_are_refused()
    {
        using var category = await _admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/response-templates",
            new { purpose = "question", category = "no-such-category", title = "Fråga", body = "Vad hände?" });
        using var purpose = await _admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/response-templates",
            new { purpose = "greeting", title = "Hej", body = "Hej." });

        Assert.True((await Problems.AssertProblemAsync(category, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("category"));
        Assert.True((await Problems.AssertProblemAsync(purpose, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("purpose"));
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM response_templates"));
    }

    [Fact]
    public async Task A_responder_is_offered_the_answer_templates_of_a_referral_to_their_party_and_another_partys_responder_finds_none()
    {
        var answer = await CreateAsync("answer", null, "Rutinen gås igenom", "Rutinen gås igenom på nästa arbetsplatsträff.");
        await CreateAsync("question", null, "Be om datum", "Vilket datum hände det?");
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 0));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        var referral = await Factory.ScalarAsync<Guid>("SELECT id FROM referrals WHERE report_id = @Id", new { Id = id });

        var templates = (await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>($"/api/v1/referrals/{referral}/response-templates"))!["templates"]!.AsArray();

        Assert.Equal([answer], templates.Select(template => (Guid)template!["id"]!));
        await Problems.AssertProblemAsync(await Workflow.ResponderAf.GetAsync($"/api/v1/referrals/{referral}/response-templates"), HttpStatusCode.NotFound);

        var pages = Factory.CreatePageClient();
        await pages.SignInAsync(DemoSeed.ResponderFkEmail);
        var page = await pages.GetPageAsync($"/part/remiss/{referral}?mall={answer}");
        Assert.Matches("<textarea[^>]*id=\"Input_Actions\"[^>]*>\\s*Rutinen gås igenom på nästa arbetsplatsträff.</textarea>", page);
    }

    [Fact]
    public async Task A_template_chosen_without_javascript_fills_its_forms_field_and_opens_the_form()
    {
        var closure = await CreateAsync("closure", null, "Löst på plats", "Det är löst på plats. Tack för att du hörde av dig.");
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 0));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        var pages = Factory.CreatePageClient();
        await pages.SignInAsync(DemoSeed.TriagerEmail);

        var page = await pages.GetPageAsync($"/triage/avvikelse/{id}?mall={closure}");

        Assert.Matches("<details class=\"action\" open=\"open\" id=\"action-close\"|<details class=\"action\" open id=\"action-close\"", page);
        Assert.Matches("<textarea[^>]*id=\"Close_MessageToReporter\"[^>]*>\\s*Det är löst på plats. Tack för att du hörde av dig.</textarea>", page);
        Assert.Contains($"<option value=\"{closure}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_adds_and_removes_a_template_on_the_admin_page()
    {
        var pages = Factory.CreatePageClient();
        await pages.SignInAsync(DemoSeed.AdminEmail);
        var path = $"/admin/{ReportBodies.Association}/mallar";

        using var added = await pages.PostFormAsync(path,
            [new("Input.Purpose", "referral"), new("Input.Category", "handover"), new("Input.Title", "Fråga om rutinen"), new("Input.Body", "Vilken rutin gäller?")]);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await pages.GetPageAsync(path);
        Assert.Contains("Mallen ”Fråga om rutinen” är tillagd.", page, StringComparison.Ordinal);
        var id = await Factory.ScalarAsync<Guid>("SELECT id FROM response_templates WHERE title = 'Fråga om rutinen' AND category = 'handover' AND purpose = 'referral'");

        using var refused = await pages.PostFormAsync(path, [new("Input.Title", "Utan text")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(["Välj vad mallen används till.", "Skriv mallens text."], PageForms.ErrorSummary(await refused.Content.ReadAsStringAsync()));

        using var removed = await pages.PostFormAsync(path, [], $"{path}?handler=delete&id={id}");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM response_templates"));
        Assert.Equal(1, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'response-template.deleted' AND entity_id = @Id", new { Id = id.ToString() }));
    }

    private async Task<Guid> CreateAsync(string purpose, string? category, string title, string body)
    {
        using var response = await _admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/response-templates",
            new { purpose, category, title, body });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (Guid)(await response.ReadJsonAsync())["id"]!;
    }
}
