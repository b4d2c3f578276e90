namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Every endpoint and page handler the application maps × every kind of caller → the status the
/// caller gets for a valid request on a real resource. The endpoints are read from the application's
/// endpoint data source, so one mapped without a row here fails
/// <see cref="The_matrix_has_a_row_for_every_endpoint_and_page_handler_the_application_maps"/>.
/// </summary>
/// <remarks>
/// To add an endpoint: one <see cref="Row"/> with its key as the failing test names it, the ten
/// expected answers in the order of the header, and the request (fill route values from the world;
/// take a fresh resource when <c>fresh</c> is true: it is for a caller expected to succeed).
/// Answers: a status code, <c>login</c> (302 to /logga-in), <c>deny</c> (302 to /ingen-behorighet),
/// <c>302</c> (a redirect elsewhere: a form that worked, post/redirect/get), or <c>refused</c> (a
/// form shown again, 200, with the refusal in its error summary). Pages read the sign-in cookie
/// only, so the partner's API key is no one there.
/// </remarks>
public sealed class AuthorizationMatrixTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const string Hoglandet = DemoSeed.HoglandetCode;
    private const string Reason = "Prövat av matrisen.";

    private static readonly IReadOnlyList<Row> Rows =
    [
        // Columns, in the order of SecurityCallers.All: ano anonymous, rep reporter, key partner-key (the integration partner's API key),
        // own triager-of-owning-group, grp triager-of-other-group (same association), asc triager-of-other-association,
        // ref responder-of-referred-party, oth responder-of-other-party, ana analyst, adm admin,
        // xad admin-of-other-association (administrator of Jönköping, only an analyst of Höglandet: ADR 13).
        //                                                                   ano rep key own grp asc ref oth ana adm xad
        // Operations: public by design.
        new("* /health/live",                                               "200 200 200 200 200 200 200 200 200 200 200", Get("/health/live")),
        new("* /health/ready",                                              "200 200 200 200 200 200 200 200 200 200 200", Get("/health/ready")),
        new("GET /openapi/{documentName}.json",                             "200 200 200 200 200 200 200 200 200 200 200", Get("/openapi/v1.json")),

        // Intake and the reporter's receipt.
        new("GET /api/v1/reference-data",                                   "200 200 200 200 200 200 200 200 200 200 200", Get("/api/v1/reference-data")),
        new("POST /api/v1/reports",                                         "201 201 201 403 403 403 403 403 403 403 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Post, "/api/v1/reports", ReportBodies.ForNassjoKommun(w.ReferenceData)))),
        new("GET /api/v1/receipts/{token}",                                 "200 200 200 200 200 200 200 200 200 200 200",
            async (w, _) => Get($"/api/v1/receipts/{(await w.ReportAsync(Stage.Received, false)).ReceiptToken}")),
        new("POST /api/v1/receipts/{token}/messages",                       "200 200 200 200 200 200 200 200 200 200 200",
            async (w, fresh) => Json(HttpMethod.Post, $"/api/v1/receipts/{(await w.ReportAsync(Stage.NeedsInfo, fresh)).ReceiptToken}/messages",
                new { text = "Det gällde enheten i centrum." })),
        new("POST /api/v1/receipts/{token}/feedback",                       "200 200 200 200 200 200 200 200 200 200 200",
            async (w, _) => Json(HttpMethod.Post, $"/api/v1/receipts/{(await w.ReportAsync(Stage.Closed, true)).ReceiptToken}/feedback",
                new { helped = "partly", comment = "Delvis bättre." })),
        new("DELETE /api/v1/receipts/{token}/contact",                      "204 204 204 204 204 204 204 204 204 204 204",
            async (w, _) => Send(HttpMethod.Delete, $"/api/v1/receipts/{(await w.ReportAsync(Stage.Received, true)).ReceiptToken}/contact")),

        // Triage: the triagers of the steering group that owns the report's queue; administrators of the association read.
        new("GET /api/v1/queues",                                           "401 403 403 200 200 200 403 403 403 200 200", Get("/api/v1/queues")),
        new("GET /api/v1/queues/{id:guid}/reports",                         "401 403 403 200 403 403 403 403 403 403 403",
            (w, _) => Task.FromResult(Get($"/api/v1/queues/{w.OwningQueueId}/reports"))),
        new("GET /api/v1/reports/{id:guid}",                                "401 403 403 200 403 403 403 403 403 200 403", ReportGet("")),
        new("GET /api/v1/reports/{id:guid}/history",                        "401 403 403 200 403 403 403 403 403 200 403", ReportGet("/history")),
        new("GET /api/v1/reports/{id:guid}/reporter-contact/access-log",    "401 403 403 200 403 403 403 403 403 200 403", ReportGet("/reporter-contact/access-log")),
        new("GET /api/v1/reports/{id:guid}/similar",                        "401 403 403 200 403 403 403 403 403 200 403", ReportGet("/similar")),
        new("GET /api/v1/reports/{id:guid}/duplicate-candidates",           "401 403 403 200 403 403 403 403 403 200 403", ReportGet("/duplicate-candidates?q=avvikelse")),
        new("POST /api/v1/reports/{id:guid}/notes",                         "401 403 403 201 403 403 403 403 403 403 403",
            async (w, _) => Json(HttpMethod.Post, $"/api/v1/reports/{(await w.ReportAsync(Stage.InTriage, false)).Id}/notes", new { text = "Matrisens anteckning." })),
        new("POST /api/v1/reports/{id:guid}/triage",                        "401 403 403 200 403 403 403 403 403 403 403", Step(Stage.Received, "triage", new { reason = Reason })),
        new("POST /api/v1/reports/{id:guid}/information-requests",          "401 403 403 200 403 403 403 403 403 403 403",
            Step(Stage.InTriage, "information-requests", new { reason = Reason, question = "Vilken enhet gällde det?" })),
        new("POST /api/v1/reports/{id:guid}/referrals",                     "401 403 403 200 403 403 403 403 403 403 403",
            async (w, fresh) => await StepAsync(w, Stage.InTriage, fresh, "referrals",
                new { partyId = w.ReferenceData.PartyId(Hoglandet, "Arbetsförmedlingen"), question = "Hur kunde det hända?", reason = Reason })),
        new("POST /api/v1/reports/{id:guid}/closure",                       "401 403 403 200 403 403 403 403 403 403 403",
            Step(Stage.InTriage, "closure", new { resolution = "resolved-locally", reason = Reason })),
        new("POST /api/v1/reports/{id:guid}/question-withdrawal",           "401 403 403 200 403 403 403 403 403 403 403",
            Step(Stage.NeedsInfo, "question-withdrawal", new { reason = Reason })),
        new("POST /api/v1/reports/{id:guid}/referrals/{referralId:guid}/withdrawal", "401 403 403 200 403 403 403 403 403 403 403",
            async (w, fresh) =>
            {
                var report = await w.ReportAsync(Stage.Referred, fresh);
                return Json(HttpMethod.Post, $"/api/v1/reports/{report.Id}/referrals/{report.ReferralId}/withdrawal", new { reason = Reason },
                    await w.Workflow.ETagAsync(report.Id));
            }),
        new("POST /api/v1/reports/{id:guid}/reopening",                     "401 403 403 200 403 403 403 403 403 403 403", Step(Stage.Closed, "reopening", new { reason = Reason })),
        new("POST /api/v1/reports/{id:guid}/publication",                   "401 403 403 200 403 403 403 403 403 403 403",
            Step(Stage.Answered, "publication", new { summary = "Rutinen för överlämning är ändrad.", reason = Reason })),
        new("GET /api/v1/reports/{id:guid}/response-templates",             "401 403 403 200 403 403 403 403 403 403 403", ReportGet("/response-templates")),
        new("POST /api/v1/reports/{id:guid}/redactions",                    "401 403 403 200 403 403 403 403 403 403 403",
            Step(Stage.InTriage, "redactions", new { text = "vårdcentralen", reason = Reason })),

        // The parties: a referral is its party's; to another party it is not there at all.
        new("GET /api/v1/referrals",                                        "401 403 403 403 403 403 200 200 403 403 403", Get("/api/v1/referrals")),
        new("GET /api/v1/referrals/{id:guid}",                              "401 403 403 403 403 403 200 404 403 403 403",
            async (w, _) => Get($"/api/v1/referrals/{(await w.ReportAsync(Stage.Referred, false)).ReferralId}")),
        new("GET /api/v1/referrals/{id:guid}/response-templates",           "401 403 403 403 403 403 200 404 403 403 403",
            async (w, _) => Get($"/api/v1/referrals/{(await w.ReportAsync(Stage.Referred, false)).ReferralId}/response-templates")),
        new("POST /api/v1/referrals/{id:guid}/answer",                      "401 403 403 403 403 403 200 404 403 403 403",
            async (w, fresh) => Json(HttpMethod.Post, $"/api/v1/referrals/{(await w.ReportAsync(Stage.Referred, fresh)).ReferralId}/answer", new
            {
                cause = "Rutinen var inte känd.", actions = "Rutinen är genomgången.", followUpPlan = "Uppföljning i januari.",
                responderName = "Frida", responderRole = "Kontaktperson",
            })),
        new("POST /api/v1/referrals/{id:guid}/decline",                     "401 403 403 403 403 403 200 404 403 403 403",
            async (w, fresh) => Json(HttpMethod.Post, $"/api/v1/referrals/{(await w.ReportAsync(Stage.Referred, fresh)).ReferralId}/decline",
                new { reason = "Inte vår fråga.", suggestedResponsible = "Nässjö kommun" })),

        // Insight: the association's triagers, analysts and administrators, the association named.
        new("GET /api/v1/patterns",                                         "401 403 403 200 200 403 403 403 200 200 200", Get($"/api/v1/patterns?associationCode={Hoglandet}")),
        new("GET /api/v1/statistics/categories",                            "401 403 403 200 200 403 403 403 200 200 200", Get($"/api/v1/statistics/categories?associationCode={Hoglandet}")),
        new("GET /api/v1/statistics/party-pairs",                           "401 403 403 200 200 403 403 403 200 200 200", Get($"/api/v1/statistics/party-pairs?associationCode={Hoglandet}")),
        new("GET /api/v1/statistics/lead-times",                            "401 403 403 200 200 403 403 403 200 200 200", Get($"/api/v1/statistics/lead-times?associationCode={Hoglandet}")),
        new("GET /api/v1/statistics/areas",                                 "401 403 403 200 200 403 403 403 200 200 200", Get($"/api/v1/statistics/areas?associationCode={Hoglandet}")),
        new("GET /api/v1/statistics/reporter-feedback",                     "401 403 403 200 200 403 403 403 200 200 200",
            Get($"/api/v1/statistics/reporter-feedback?associationCode={Hoglandet}")),
        new("GET /api/v1/exports/reports",                                  "401 403 403 200 200 403 403 403 200 200 200", Get($"/api/v1/exports/reports?associationCode={Hoglandet}")),
        new("GET /api/v1/exports/statistics",                               "401 403 403 200 200 403 403 403 200 200 200",
            Get($"/api/v1/exports/statistics?table=categories&associationCode={Hoglandet}")),
        new("GET /api/v1/charts/{chart}.{format}",                          "401 403 403 200 200 403 403 403 200 200 200", Get($"/api/v1/charts/pareto.svg?associationCode={Hoglandet}")),
        new("GET /api/v1/follow-ups",                                       "401 403 403 200 200 403 403 403 200 200 200", Get($"/api/v1/follow-ups?associationCode={Hoglandet}")),
        new("GET /api/v1/follow-ups/{id:guid}",                             "401 403 403 200 200 403 403 403 200 200 200", (w, _) => Task.FromResult(Get($"/api/v1/follow-ups/{w.FollowUpId}"))),
        // Any triager of the association opens a follow-up, but links only reports of their own group's queues: the other group's triager may not link this one.
        new("POST /api/v1/follow-ups",                                      "401 403 403 201 403 403 403 403 403 403 403",
            async (w, _) => Json(HttpMethod.Post, "/api/v1/follow-ups", new
            {
                associationCode = Hoglandet, title = w.Unique("Matrisens uppföljning"), ownerGroupId = w.BeredningGroupId,
                reportIds = new[] { (await w.ReportAsync(Stage.InTriage, false)).Id },
            })),
        new("PATCH /api/v1/follow-ups/{id:guid}",                           "401 403 403 200 403 403 403 403 403 403 403",
            async (w, _) => Json(HttpMethod.Patch, $"/api/v1/follow-ups/{w.FollowUpId}", new { decision = w.Unique("Beslut") }, await w.ETagOfFollowUpAsync(w.FollowUpId))),

        // Administration: administrators who are members of the association.
        new("GET /api/v1/admin/associations/{code}/steering-groups",        "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}/steering-groups")),
        new("GET /api/v1/admin/associations/{code}/queues",                 "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}/queues")),
        new("GET /api/v1/admin/associations/{code}/routing-rules",          "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}/routing-rules")),
        new("POST /api/v1/admin/associations/{code}/steering-groups",       "401 403 403 403 403 403 403 403 403 201 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Post, $"/api/v1/admin/associations/{Hoglandet}/steering-groups", new { name = w.Unique("Matrisens styrgrupp") }))),
        new("PATCH /api/v1/admin/steering-groups/{id:guid}",                "401 403 403 403 403 403 403 403 403 200 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Patch, $"/api/v1/admin/steering-groups/{w.OtherGroupId}", new { nextMeetingOn = "2027-01-20" }))),
        new("PUT /api/v1/admin/steering-groups/{id:guid}/members/{email}",  "401 403 403 403 403 403 403 403 403 204 403",
            (w, _) => Task.FromResult(Send(HttpMethod.Put, $"/api/v1/admin/steering-groups/{w.OtherGroupId}/members/{w.UniqueEmail()}"))),
        new("DELETE /api/v1/admin/steering-groups/{id:guid}/members/{email}", "401 403 403 403 403 403 403 403 403 204 403",
            async (w, fresh) => Send(HttpMethod.Delete, $"/api/v1/admin/steering-groups/{w.OtherGroupId}/members/{await w.MemberToRemoveAsync(fresh, "group")}")),
        new("POST /api/v1/admin/steering-groups/{id:guid}/queues",          "401 403 403 403 403 403 403 403 403 201 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Post, $"/api/v1/admin/steering-groups/{w.OtherGroupId}/queues", new { name = w.Unique("Matrisens kö") }))),
        new("POST /api/v1/admin/associations/{code}/routing-rules",         "401 403 403 403 403 403 403 403 403 201 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Post, $"/api/v1/admin/associations/{Hoglandet}/routing-rules", w.RoutingRuleBody()))),
        new("DELETE /api/v1/admin/routing-rules/{id:guid}",                 "401 403 403 403 403 403 403 403 403 204 403",
            async (w, fresh) => Send(HttpMethod.Delete, $"/api/v1/admin/routing-rules/{await w.RoutingRuleToDeleteAsync(fresh)}")),
        new("GET /api/v1/admin/associations/{code}/api-clients",            "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}/api-clients")),
        new("POST /api/v1/admin/associations/{code}/api-clients",           "401 403 403 403 403 403 403 403 403 201 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Post, $"/api/v1/admin/associations/{Hoglandet}/api-clients", w.ApiClientBody()))),
        new("DELETE /api/v1/admin/api-clients/{id:guid}",                   "401 403 403 403 403 403 403 403 403 204 403",
            async (w, fresh) => Send(HttpMethod.Delete, $"/api/v1/admin/api-clients/{await w.ApiClientToRevokeAsync(fresh)}")),
        new("PUT /api/v1/admin/parties/{id:guid}/contacts/{email}",         "401 403 403 403 403 403 403 403 403 204 403",
            (w, _) => Task.FromResult(Send(HttpMethod.Put, $"/api/v1/admin/parties/{w.PartyId}/contacts/{w.UniqueEmail()}"))),
        new("DELETE /api/v1/admin/parties/{id:guid}/contacts/{email}",      "401 403 403 403 403 403 403 403 403 204 403",
            async (w, fresh) => Send(HttpMethod.Delete, $"/api/v1/admin/parties/{w.PartyId}/contacts/{await w.MemberToRemoveAsync(fresh, "party")}")),
        new("GET /api/v1/admin/associations/{code}/notifications/dead",     "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}/notifications/dead")),
        new("POST /api/v1/admin/notifications/{id:guid}/retry",            "401 403 403 403 403 403 403 403 403 204 403",
            async (w, fresh) => Send(HttpMethod.Post, $"/api/v1/admin/notifications/{await w.DeadNotificationAsync(fresh)}/retry")),
        new("GET /api/v1/admin/associations/{code}/categories",             "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}/categories")),
        new("POST /api/v1/admin/associations/{code}/categories",            "401 403 403 403 403 403 403 403 403 201 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Post, $"/api/v1/admin/associations/{Hoglandet}/categories", new
            {
                code = UniqueCategoryCode(), label = "Matrisens kategori", description = "En kategori som matrisen lägger till.",
            }))),
        new("PATCH /api/v1/admin/associations/{code}/categories/{categoryCode}", "401 403 403 403 403 403 403 403 403 200 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Patch, $"/api/v1/admin/associations/{Hoglandet}/categories/other", new { notice = "Matrisens meddelande." }))),
        new("GET /api/v1/admin/associations/{code}/response-templates",     "401 403 403 403 403 403 403 403 403 200 403",
            Get($"/api/v1/admin/associations/{Hoglandet}/response-templates")),
        new("POST /api/v1/admin/associations/{code}/response-templates",    "401 403 403 403 403 403 403 403 403 201 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Post, $"/api/v1/admin/associations/{Hoglandet}/response-templates",
                new { purpose = "question", title = w.Unique("Matrisens mall"), body = "Vilken enhet gällde det?" }))),
        new("DELETE /api/v1/admin/response-templates/{id:guid}",            "401 403 403 403 403 403 403 403 403 204 403",
            async (w, _) => Send(HttpMethod.Delete, $"/api/v1/admin/response-templates/{await NewTemplateAsync(w)}")),
        new("GET /api/v1/admin/steering-groups/{id:guid}/meetings",         "401 403 403 403 403 403 403 403 403 200 403",
            (w, _) => Task.FromResult(Get($"/api/v1/admin/steering-groups/{w.OtherGroupId}/meetings"))),
        new("PUT /api/v1/admin/steering-groups/{id:guid}/meetings",         "401 403 403 403 403 403 403 403 403 200 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Put, $"/api/v1/admin/steering-groups/{w.OtherGroupId}/meetings", new { meetings = new[] { "2027-01-20" } }))),
        new("GET /api/v1/admin/associations/{code}/routing-preview",        "401 403 403 403 403 403 403 403 403 200 403",
            Get($"/api/v1/admin/associations/{Hoglandet}/routing-preview?areaCode=nassjo&partyKinds=region&category=catch-22")),

        // Onboarding (issue 18): no column is an installation administrator, so only OnboardingTests creates an association.
        new("POST /api/v1/admin/associations",                              "401 403 403 403 403 403 403 403 403 403 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Post, "/api/v1/admin/associations", new { code = "matris", name = "Matrisen", referencePrefix = "MX" }))),
        new("GET /api/v1/admin/associations",                               "401 403 403 403 403 403 403 403 403 200 200", Get("/api/v1/admin/associations")),
        new("GET /api/v1/admin/associations/{code}",                        "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}")),
        new("PATCH /api/v1/admin/associations/{code}",                      "401 403 403 403 403 403 403 403 403 200 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Patch, $"/api/v1/admin/associations/{Hoglandet}", new { accessibilityStatement = w.Unique("Matrisens redogörelse") }))),
        new("POST /api/v1/admin/associations/{code}/areas",                 "401 403 403 403 403 403 403 403 403 201 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Post, $"/api/v1/admin/associations/{Hoglandet}/areas",
                new { code = w.Unique("matris").Replace(' ', '-'), name = w.Unique("Matrisens område") }))),
        new("GET /api/v1/admin/associations/{code}/areas",                  "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}/areas")),
        new("PATCH /api/v1/admin/associations/{code}/areas/{areaCode}",     "401 403 403 403 403 403 403 403 403 200 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Patch, $"/api/v1/admin/associations/{Hoglandet}/areas/aneby", new { name = "Aneby" }))),
        new("POST /api/v1/admin/associations/{code}/parties",               "401 403 403 403 403 403 403 403 403 201 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Post, $"/api/v1/admin/associations/{Hoglandet}/parties", new { kind = "other", name = w.Unique("Matrisens part") }))),
        new("GET /api/v1/admin/associations/{code}/parties",                "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}/parties")),
        new("PATCH /api/v1/admin/parties/{id:guid}",                        "401 403 403 403 403 403 403 403 403 200 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Patch, $"/api/v1/admin/parties/{w.PartyId}", new { }))),
        new("GET /api/v1/admin/parties/{id:guid}/contacts",                 "401 403 403 403 403 403 403 403 403 200 403",
            (w, _) => Task.FromResult(Get($"/api/v1/admin/parties/{w.PartyId}/contacts"))),
        new("PUT /api/v1/admin/associations/{code}/members/{email}",        "401 403 403 403 403 403 403 403 403 200 403",
            (w, _) => Task.FromResult(Json(HttpMethod.Put, $"/api/v1/admin/associations/{Hoglandet}/members/{w.UniqueEmail()}",
                new { roles = new[] { "analyst" }, partyIds = Array.Empty<Guid>() }))),
        new("GET /api/v1/admin/associations/{code}/members",                "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}/members")),
        new("DELETE /api/v1/admin/associations/{code}/members/{email}",     "401 403 403 403 403 403 403 403 403 204 403",
            async (w, fresh) => Send(HttpMethod.Delete, $"/api/v1/admin/associations/{Hoglandet}/members/{await w.MemberToRemoveAsync(fresh, "party")}")),
        new("GET /api/v1/admin/associations/{code}/audit-events",           "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}/audit-events")),
        // The import of the association's old register: its administrators only (a dry run stores nothing).
        new("GET /api/v1/admin/associations/{code}/imports/template.csv",   "401 403 403 403 403 403 403 403 403 200 403", Get($"/api/v1/admin/associations/{Hoglandet}/imports/template.csv")),
        new("POST /api/v1/admin/associations/{code}/imports",               "401 403 403 403 403 403 403 403 403 200 403",
            (_, _) => Task.FromResult(Csv($"/api/v1/admin/associations/{Hoglandet}/imports?dryRun=true", RegisterCsv))),
        new("GET /admin/{code}/import",                                     "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/import")),
        new("GET /admin/{code}/import?handler=mall",                        "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/import?handler=mall")),
        new("POST /admin/{code}/import",                                    "login deny login deny deny deny deny deny deny 200 deny",
            (_, _) => Task.FromResult(new MatrixRequest(HttpMethod.Post, $"/admin/{Hoglandet}/import", Form: [new("Lage", "provkor")], File: RegisterCsv))),

        // Pages open to everyone.
        new("GET /",                                                        "200 200 200 200 200 200 200 200 200 200 200", Get("/")),
        // The error page answers with the status it describes; the no-access page with 403.
        new("GET /fel",                                                     "404 404 404 404 404 404 404 404 404 404 404", Get("/fel?status=404")),
        new("POST /fel",                                                    "400 400 400 400 400 400 400 400 400 400 400", Form("/fel?status=400")),
        new("GET /ingen-behorighet",                                        "403 403 403 403 403 403 403 403 403 403 403", Get("/ingen-behorighet")),
        new("GET /logga-in",                                                "200 200 200 200 200 200 200 200 200 200 200", Get("/logga-in")),
        new("POST /logga-in?handler=openidconnect",                         "404 404 404 404 404 404 404 404 404 404 404", Form("/logga-in?handler=openidconnect")),
        // E-mail sign-in: the form answers everyone alike (a link is mailed only to a registered address); a link's page is
        // its token's holder's, and its button signs in whoever holds a usable one, once.
        new("POST /logga-in?handler=email",                                 "302 302 302 302 302 302 302 302 302 302 302", Form("/logga-in?handler=email", ("Email", DemoSeed.ResponderFkEmail))),
        new("GET /logga-in/e-post/skickad",                                 "200 200 200 200 200 200 200 200 200 200 200", Get("/logga-in/e-post/skickad")),
        new("GET /logga-in/lank/{token}",                                   "200 200 200 200 200 200 200 200 200 200 200", async (w, _) => Get($"/logga-in/lank/{await SignInLinkAsync(w)}")),
        new("POST /logga-in/lank/{token}",                                  "302 302 302 302 302 302 302 302 302 302 302", async (w, _) => Form($"/logga-in/lank/{await SignInLinkAsync(w)}")),
        new("GET /logga-in/demo",                                           "200 200 200 200 200 200 200 200 200 200 200", Get("/logga-in/demo")),
        new("POST /logga-in/demo",                                          "302 302 302 302 302 302 302 302 302 302 302", Form("/logga-in/demo", ("email", DemoSeed.ReporterEmail))),
        new("GET /logga-ut",                                                "login 200 login 200 200 200 200 200 200 200 200", Get("/logga-ut")),
        new("POST /logga-ut",                                               "login 302 login 302 302 302 302 302 302 302 302", Form("/logga-ut")),
        new("GET /anmalan",                                                 "200 200 200 200 200 200 200 200 200 200 200", Get("/anmalan")),
        // Each association's accessibility statement and personal-data notice, and the lists of them: public by law.
        new("GET /tillganglighet",                                          "200 200 200 200 200 200 200 200 200 200 200", Get($"/tillganglighet?forbund={Hoglandet}")),
        new("GET /personuppgifter",                                         "200 200 200 200 200 200 200 200 200 200 200", Get($"/personuppgifter?forbund={Hoglandet}")),
        // The form files for the anonymous (Höglandet takes anonymous reports) and reporters; a signed-in user of another role is told so.
        new("POST /anmalan",                                                "200 200 200 refused refused refused refused refused refused refused refused",
            (w, _) => Task.FromResult(Form("/anmalan", ReportFormFields.FromFixture(w.ReferenceData, Guid.NewGuid().ToString("N"))))),
        new("GET /kvitto",                                                  "200 200 200 200 200 200 200 200 200 200 200", Get("/kvitto")),
        new("POST /kvitto",                                                 "302 302 302 302 302 302 302 302 302 302 302",
            async (w, _) => Form("/kvitto", ("Code", (await w.ReportAsync(Stage.Received, false)).ReceiptToken))),
        new("GET /kvitto/{token}",                                          "200 200 200 200 200 200 200 200 200 200 200",
            async (w, _) => Get($"/kvitto/{(await w.ReportAsync(Stage.Received, false)).ReceiptToken}")),
        new("POST /kvitto/{token}",                                         "302 302 302 302 302 302 302 302 302 302 302",
            async (w, fresh) => Form($"/kvitto/{(await w.ReportAsync(Stage.NeedsInfo, fresh)).ReceiptToken}", ("Reply", "Det gällde enheten i centrum."))),
        new("POST /kvitto/{token}?handler=feedback",                        "302 302 302 302 302 302 302 302 302 302 302",
            async (w, _) => Form($"/kvitto/{(await w.ReportAsync(Stage.Closed, true)).ReceiptToken}?handler=feedback", ("Helped", "yes"))),
        new("POST /kvitto/{token}?handler=withdrawcontact",                 "302 302 302 302 302 302 302 302 302 302 302",
            async (w, _) => Form($"/kvitto/{(await w.ReportAsync(Stage.Received, true)).ReceiptToken}?handler=withdrawcontact")),

        // The parties' pages.
        new("GET /part",                                                    "login deny login deny deny deny 200 200 deny deny deny", Get("/part")),
        new("GET /part/remiss/{id:guid}",                                   "login deny login deny deny deny 200 404 deny deny deny",
            async (w, _) => Get($"/part/remiss/{(await w.ReportAsync(Stage.Referred, false)).ReferralId}")),
        new("POST /part/remiss/{id:guid}",                                  "login deny login deny deny deny 302 404 deny deny deny",
            async (w, fresh) => Form($"/part/remiss/{(await w.ReportAsync(Stage.Referred, fresh)).ReferralId}",
                ("Input.Cause", "Rutinen var inte känd."), ("Input.Actions", "Rutinen är genomgången."), ("Input.FollowUpPlan", "Uppföljning i januari."),
                ("Input.ResponderName", "Frida"), ("Input.ResponderRole", "Kontaktperson"))),
        new("POST /part/remiss/{id:guid}?handler=decline",                  "login deny login deny deny deny 302 404 deny deny deny",
            async (w, fresh) => Form($"/part/remiss/{(await w.ReportAsync(Stage.Referred, fresh)).ReferralId}?handler=decline",
                ("Decline.SuggestedResponsible", "Nässjö kommun"), ("Decline.Reason", "Inte vår fråga."))),

        // Statistics pages: a triager of another association is shown their own association's figures.
        new("GET /statistik",                                               "login deny login 200 200 deny deny deny 200 200 200", Get($"/statistik?forbund={Hoglandet}")),
        new("GET /statistik/diagram/{chart}.{format}",                      "login deny login 200 200 deny deny deny 200 200 200", Get($"/statistik/diagram/pareto.svg?forbund={Hoglandet}")),
        new("GET /statistik/export/{file}.{format}",                        "login deny login 200 200 deny deny deny 200 200 200", Get($"/statistik/export/avvikelser.csv?forbund={Hoglandet}")),
        // A follow-up from a pattern: any triager of the association (each links the pattern's reports in their own queues).
        new("POST /statistik?handler=followup",                             "login deny login 302 302 deny deny deny deny deny deny",
            async (w, _) => Form($"/statistik?handler=FollowUp&forbund={Hoglandet}", ("FollowUp.PatternKey", await PatternKeyAsync(w)),
                ("FollowUp.Title", w.Unique("Mönstrets uppföljning")), ("FollowUp.OwnerGroupId", w.BeredningGroupId.ToString()))),

        // The steering groups' pages.
        new("GET /triage",                                                  "login deny login 200 200 200 deny deny deny 200 200", Get("/triage")),
        new("GET /triage/installningar",                                    "login deny login 200 200 200 deny deny deny 200 200", Get("/triage/installningar")),
        new("POST /triage/installningar",                                   "login deny login 302 302 302 deny deny deny 302 302",
            (w, _) => Task.FromResult(Form("/triage/installningar", ("Delivery", "digest")))),
        new("GET /triage/ko/{id:guid}",                                     "login deny login 200 deny deny deny deny deny deny deny", (w, _) => Task.FromResult(Get($"/triage/ko/{w.OwningQueueId}"))),
        new("GET /triage/avvikelse/{id:guid}",                              "login deny login 200 deny deny deny deny deny 200 deny",
            async (w, _) => Get($"/triage/avvikelse/{(await w.ReportAsync(Stage.Received, false)).Id}")),
        new("POST /triage/avvikelse/{id:guid}?handler=triage",              "login deny login 302 deny deny deny deny deny deny deny", PageStep(Stage.Received, "triage", ("Triage.Reason", Reason))),
        new("POST /triage/avvikelse/{id:guid}?handler=ask",                 "login deny login 302 deny deny deny deny deny deny deny",
            PageStep(Stage.InTriage, "ask", ("Ask.Question", "Vilken enhet gällde det?"), ("Ask.Reason", Reason))),
        new("POST /triage/avvikelse/{id:guid}?handler=refer",               "login deny login 302 deny deny deny deny deny deny deny",
            async (w, fresh) => await PageStepAsync(w, Stage.InTriage, fresh, "refer",
                ("Refer.PartyId", w.ReferenceData.PartyId(Hoglandet, "Arbetsförmedlingen").ToString()), ("Refer.Question", "Hur kunde det hända?"), ("Refer.Reason", Reason))),
        new("POST /triage/avvikelse/{id:guid}?handler=close",               "login deny login 302 deny deny deny deny deny deny deny",
            PageStep(Stage.InTriage, "close", ("Close.Resolution", "resolved-locally"), ("Close.Reason", Reason))),
        new("POST /triage/avvikelse/{id:guid}?handler=withdrawquestion",    "login deny login 302 deny deny deny deny deny deny deny",
            PageStep(Stage.NeedsInfo, "withdrawquestion", ("QuestionWithdrawal.Reason", Reason))),
        new("POST /triage/avvikelse/{id:guid}?handler=withdrawreferral",    "login deny login 302 deny deny deny deny deny deny deny",
            async (w, fresh) =>
            {
                var report = await w.ReportAsync(Stage.Referred, fresh);
                var version = (await w.Workflow.ETagAsync(report.Id)).Trim('"');
                return Form($"/triage/avvikelse/{report.Id}?handler=withdrawreferral",
                    [("Version", version), ("ReferralWithdrawal.ReferralId", report.ReferralId.ToString()!), ("ReferralWithdrawal.Reason", Reason)]);
            }),
        new("POST /triage/avvikelse/{id:guid}?handler=reopen",              "login deny login 302 deny deny deny deny deny deny deny", PageStep(Stage.Closed, "reopen", ("Reopen.Reason", Reason))),
        new("POST /triage/avvikelse/{id:guid}?handler=publish",             "login deny login 302 deny deny deny deny deny deny deny",
            PageStep(Stage.Answered, "publish", ("Publish.Summary", "Rutinen för överlämning är ändrad."), ("Publish.Reason", Reason))),
        new("POST /triage/avvikelse/{id:guid}?handler=note",                "login deny login 302 deny deny deny deny deny deny deny", PageStep(Stage.InTriage, "note", ("Note.Text", "Matrisens anteckning."))),
        new("POST /triage/avvikelse/{id:guid}?handler=redact",              "login deny login 302 deny deny deny deny deny deny deny",
            PageStep(Stage.InTriage, "redact", ("Redact.Text", "vårdcentralen"), ("Redact.Reason", Reason))),

        // The administration pages: signed-in administrators of the association; the use cases refuse everyone else.
        new("GET /admin/{code}/kategorier",                                 "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/kategorier")),
        new("POST /admin/{code}/kategorier",                                "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/kategorier",
                ("Input.Code", UniqueCategoryCode()), ("Input.Label", "Matrisens kategori"), ("Input.Description", "En kategori som matrisen lägger till.")))),
        new("GET /admin/{code}/mallar",                                     "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/mallar")),
        new("POST /admin/{code}/mallar",                                    "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/mallar",
                ("Input.Purpose", "closure"), ("Input.Title", w.Unique("Matrisens mall")), ("Input.Body", "Tack för avvikelsen.")))),
        new("POST /admin/{code}/mallar?handler=delete",                     "login deny login deny deny deny deny deny deny 302 deny",
            async (w, _) => Form($"/admin/{Hoglandet}/mallar?handler=delete&id={await NewTemplateAsync(w)}")),
        new("GET /admin/{code}/kategorier/{categoryCode}",                  "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/kategorier/other")),
        new("POST /admin/{code}/kategorier/{categoryCode}",                 "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/kategorier/other", ("Input.Notice", "Matrisens meddelande.")))),
        new("POST /admin/{code}/kategorier/{categoryCode}?handler=active",  "login deny login deny deny deny deny deny deny 302 deny",
            async (w, _) => Form($"/admin/{Hoglandet}/kategorier/{await OwnCategoryAsync(w)}?handler=active", ("active", "false"))),
        new("GET /admin/{code}/styrgrupper/{id:guid}/moten",                "login deny login deny deny deny deny deny deny 200 deny",
            (w, _) => Task.FromResult(Get($"/admin/{Hoglandet}/styrgrupper/{w.OtherGroupId}/moten"))),
        new("POST /admin/{code}/styrgrupper/{id:guid}/moten?handler=add",   "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/styrgrupper/{w.OtherGroupId}/moten?handler=add", ("Date", "2027-03-03")))),
        new("POST /admin/{code}/styrgrupper/{id:guid}/moten?handler=remove", "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/styrgrupper/{w.OtherGroupId}/moten?handler=remove", ("remove", "2027-01-20")))),
        new("POST /admin/{code}/styrgrupper/{id:guid}/moten?handler=cutoff", "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/styrgrupper/{w.OtherGroupId}/moten?handler=cutoff", ("CutOffDays", "10")))),
        // Where sign-in lands: every signed-in user is sent on to the page of their role.
        new("GET /inloggad",                                                "login 302 login 302 302 302 302 302 302 302 302", Get("/inloggad")),

        // The administration's pages: a signed-in user; the use cases' AdminAccess decides (403 → the no-access page).
        new("GET /admin",                                                   "login 200 login 200 200 200 200 200 200 200 200", Get("/admin")),
        new("GET /admin/{code}",                                            "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}")),
        new("GET /admin/{code}/styrgrupper",                                "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/styrgrupper")),
        // Only an installation administrator may create an association: none of the matrix's callers is one (AssociationSettingsPagesTests has one).
        new("POST /admin?handler=createassociation",                        "login deny login deny deny deny deny deny deny deny deny",
            (w, _) => Task.FromResult(Form("/admin?handler=createassociation", ("NewAssociation.Code", w.Unique("matris").ToLowerInvariant().Replace(' ', '-')),
                ("NewAssociation.Name", "Matrisens förbund"), ("NewAssociation.ReferencePrefix", "MAT"), ("NewAssociation.AllowsAnonymousIntake", "nej"),
                ("NewAssociation.AdministratorEmail", w.UniqueEmail())))),
        new("GET /admin/{code}/installningar",                              "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/installningar")),
        new("POST /admin/{code}/installningar",                             "login deny login deny deny deny deny deny deny 302 deny",
            async (w, _) => Form($"/admin/{Hoglandet}/installningar", await SettingsAsTheyAreAsync(w))),
        new("GET /admin/{code}/omraden",                                    "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/omraden")),
        new("POST /admin/{code}/omraden?handler=create",                    "login deny login deny deny deny deny deny deny 302 deny",
            (_, _) => Task.FromResult(Form($"/admin/{Hoglandet}/omraden?handler=create", ("NewArea.Code", UniqueCategoryCode()), ("NewArea.Name", "Matrisens område")))),
        new("POST /admin/{code}/omraden?handler=rename",                    "login deny login deny deny deny deny deny deny 302 deny",
            (_, _) => Task.FromResult(Form($"/admin/{Hoglandet}/omraden?handler=rename", ("Rename.Code", "aneby"), ("Rename.Name", "Aneby")))),
        new("POST /admin/{code}/styrgrupper?handler=creategroup",           "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/styrgrupper?handler=creategroup", ("NewGroup.Name", w.Unique("Matrisens sidgrupp"))))),
        new("POST /admin/{code}/styrgrupper?handler=meeting",               "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/styrgrupper?handler=meeting",
                ("Meeting.GroupId", w.OtherGroupId.ToString()), ("Meeting.NextMeetingOn", "2027-01-20")))),
        new("POST /admin/{code}/styrgrupper?handler=addmember",             "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/styrgrupper?handler=addmember",
                ("Member.GroupId", w.OtherGroupId.ToString()), ("Member.Email", w.UniqueEmail())))),
        new("POST /admin/{code}/styrgrupper?handler=removemember",          "login deny login deny deny deny deny deny deny 302 deny",
            async (w, fresh) => Form($"/admin/{Hoglandet}/styrgrupper?handler=removemember",
                ("groupId", w.OtherGroupId.ToString()), ("email", await w.MemberToRemoveAsync(fresh, "group")))),
        new("POST /admin/{code}/styrgrupper?handler=createqueue",           "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/styrgrupper?handler=createqueue",
                ("Queue.GroupId", w.OtherGroupId.ToString()), ("Queue.Name", w.Unique("Matrisens sidkö"))))),
        new("GET /admin/{code}/routning",                                   "login deny login deny deny deny deny deny deny 200 deny",
            Get($"/admin/{Hoglandet}/routning?omrade=nassjo&part=region&kategori=catch-22")),
        new("POST /admin/{code}/routning?handler=create",                   "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/routning?handler=create",
                ("Rule.Description", w.Unique("Matrisens sidregel")), ("Rule.AreaCode", "vetlanda"), ("Rule.Category", "handover"),
                ("Rule.Target", $"queue:{w.OwningQueueId}"), ("Rule.Priority", w.Unique("").Trim())))),
        new("POST /admin/{code}/routning?handler=delete",                   "login deny login deny deny deny deny deny deny 302 deny",
            async (w, fresh) => Form($"/admin/{Hoglandet}/routning?handler=delete", ("ruleId", (await w.RoutingRuleToDeleteAsync(fresh)).ToString()))),
        new("GET /admin/{code}/parter",                                     "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/parter")),
        new("POST /admin/{code}/parter?handler=addcontact",                 "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/parter?handler=addcontact",
                ("Contact.PartyId", w.PartyId.ToString()), ("Contact.Email", w.UniqueEmail())))),
        new("POST /admin/{code}/parter?handler=removecontact",              "login deny login deny deny deny deny deny deny 302 deny",
            async (w, fresh) => Form($"/admin/{Hoglandet}/parter?handler=removecontact",
                ("partyId", w.PartyId.ToString()), ("email", await w.MemberToRemoveAsync(fresh, "party")))),
        new("POST /admin/{code}/parter?handler=createparty",                "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/parter?handler=createparty",
                ("NewParty.Kind", "other"), ("NewParty.Name", w.Unique("Matrisens sidpart")), ("NewParty.Unit", "")))),
        new("POST /admin/{code}/parter?handler=updateparty",                "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/parter?handler=updateparty", ("EditParty.PartyId", w.PartyId.ToString()),
                ("EditParty.Kind", "municipality"), ("EditParty.Name", "Vetlanda kommun"), ("EditParty.Unit", w.Unique("Matrisens enhet"))))),
        new("GET /admin/{code}/medlemmar",                                  "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/medlemmar")),
        new("POST /admin/{code}/medlemmar?handler=setmember",               "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/medlemmar?handler=setmember",
                ("Member.Email", w.UniqueEmail()), ("Member.Roles", "analyst")))),
        new("POST /admin/{code}/medlemmar?handler=remove",                  "login deny login deny deny deny deny deny deny 302 deny",
            async (w, fresh) => Form($"/admin/{Hoglandet}/medlemmar?handler=remove", ("email", await w.MemberToRemoveAsync(fresh, "party")))),
        new("GET /admin/{code}/granskningslogg",                            "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/granskningslogg")),
        new("GET /admin/{code}/api-nycklar",                                "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/api-nycklar")),
        new("POST /admin/{code}/api-nycklar?handler=create",                "login deny login deny deny deny deny deny deny 302 deny",
            (w, _) => Task.FromResult(Form($"/admin/{Hoglandet}/api-nycklar?handler=create",
                ("NewKey.Name", w.Unique("Matrisens sidnyckel")), ("NewKey.PartyId", w.PartyId.ToString())))),
        new("GET /admin/{code}/api-nycklar/{id:guid}/aterkalla",            "login deny login deny deny deny deny deny deny 200 deny",
            (w, _) => Task.FromResult(Get($"/admin/{Hoglandet}/api-nycklar/{w.StandingApiClientId}/aterkalla"))),
        new("POST /admin/{code}/api-nycklar/{id:guid}/aterkalla",           "login deny login deny deny deny deny deny deny 302 deny",
            async (w, fresh) => Form($"/admin/{Hoglandet}/api-nycklar/{await w.ApiClientToRevokeAsync(fresh)}/aterkalla")),
        new("GET /admin/{code}/meddelanden",                                "login deny login deny deny deny deny deny deny 200 deny", Get($"/admin/{Hoglandet}/meddelanden")),
        new("POST /admin/{code}/meddelanden?handler=retry",                 "login deny login deny deny deny deny deny deny 302 deny",
            async (w, fresh) => Form($"/admin/{Hoglandet}/meddelanden?handler=retry", ("notificationId", (await w.DeadNotificationAsync(fresh)).ToString()))),
    ];

    private sealed class MatrixSettings
    {
        public string Name { get; set; } = "";
        public string Prefix { get; set; } = "";
        public bool Anonymous { get; set; }
        public int Deadline { get; set; }
        public int Suppression { get; set; }
        public int Window { get; set; }
        public int Threshold { get; set; }
        public string? Statement { get; set; }
        public string? Notice { get; set; }
    }

    private static string UniqueCategoryCode() => $"matris-{Guid.NewGuid():N}"[..30];

    /// <summary>Höglandet's settings page's form filled with the settings as they are (saving them changes nothing the other rows read).</summary>
    private static async Task<List<KeyValuePair<string, string>>> SettingsAsTheyAreAsync(MatrixWorld w)
    {
        var settings = (await w.Factory.QueryAsync<MatrixSettings>("""
            SELECT name AS Name, reference_prefix AS Prefix, allow_anonymous_intake AS Anonymous, answer_deadline_days AS Deadline,
                suppression_threshold AS Suppression, recurrence_window_days AS Window, recurrence_threshold AS Threshold,
                accessibility_statement AS Statement, personal_data_notice AS Notice
            FROM associations WHERE code = @Hoglandet
            """, new { Hoglandet }))[0];
        return
        [
            new("Input.Name", settings.Name), new("Input.ReferencePrefix", settings.Prefix), new("Input.AllowsAnonymousIntake", settings.Anonymous ? "ja" : "nej"),
            new("Input.AnswerDeadlineDays", $"{settings.Deadline}"), new("Input.SuppressionThreshold", $"{settings.Suppression}"),
            new("Input.RecurrenceWindowDays", $"{settings.Window}"), new("Input.RecurrenceThreshold", $"{settings.Threshold}"),
            new("Input.AccessibilityStatement", settings.Statement ?? ""), new("Input.PersonalDataNotice", settings.Notice ?? ""),
        ];
    }

    /// <summary>An own category of Höglandet that the matrix retires (made once; a second attempt is a conflict, which is fine).</summary>
    private static async Task<string> OwnCategoryAsync(MatrixWorld world)
    {
        const string Code = "matrisens-egen";
        await world.AdminClient.PostAsJsonAsync($"/api/v1/admin/associations/{Hoglandet}/categories",
            new { code = Code, label = "Matrisens egen", description = "En egen kategori som matrisen tar bort ur formuläret." });
        return Code;
    }

    public static IEnumerable<TheoryDataRow<string, string>> Cells() =>
        from row in Rows
        from column in row.Answers.Select((answer, index) => (Answer: answer, Caller: SecurityCallers.All[index]))
        select new TheoryDataRow<string, string>(row.Endpoint, column.Caller.Name)
        {
            TestDisplayName = $"{row.Endpoint} as {column.Caller.Name} → {column.Answer}",
        };

    [Fact]
    public async Task The_matrix_has_a_row_for_every_endpoint_and_page_handler_the_application_maps()
    {
        var mapped = await EndpointInventory.KeysAsync(world.Factory);
        var rows = Rows.Select(row => row.Endpoint).ToList();

        var missing = mapped.Except(rows).ToList();
        var stale = rows.Except(mapped).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0 && rows.Count == rows.Distinct().Count(),
            $"Add a row to {nameof(AuthorizationMatrixTests)} for: {string.Join(", ", missing)}. "
            + $"Rows for nothing the application maps: {string.Join(", ", stale)}. "
            + $"Rows twice: {string.Join(", ", rows.GroupBy(row => row).Where(group => group.Count() > 1).Select(group => group.Key))}.");
    }

    [Fact]
    public void Every_row_has_an_answer_for_each_caller()
    {
        foreach (var row in Rows)
        {
            Assert.True(row.Answers.Count == SecurityCallers.All.Count, $"{row.Endpoint}: {row.Answers.Count} answers for {SecurityCallers.All.Count} callers.");
            Assert.All(row.Answers, answer => Assert.Matches("^([1-5][0-9]{2}|login|deny|refused)$", answer));
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task The_caller_gets_what_the_matrix_says(string endpoint, string callerName)
    {
        var row = Rows.Single(candidate => candidate.Endpoint == endpoint);
        var caller = SecurityCallers.Named(callerName);
        var expected = row.Answers[SecurityCallers.All.ToList().IndexOf(caller)];
        var succeeds = expected is not ("401" or "403" or "404" or "login" or "deny" or "refused");
        var request = await row.Request(world, succeeds);

        var isPage = !request.Path.StartsWith("/api/", StringComparison.Ordinal);
        var client = isPage ? caller.Pages(world.Factory) : caller.Api(world.Factory);
        using var message = new HttpRequestMessage(request.Method, request.Path) { Content = request.Content };
        if (request.IfMatch is not null)
            message.Headers.TryAddWithoutValidation("If-Match", request.IfMatch);
        if (request.Form is not null && request.File is not null)
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in request.Form.Append(new("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/kvitto"))))
                multipart.Add(new StringContent(value), name);
            var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(request.File));
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            multipart.Add(file, "Fil", "register.csv");
            message.Content = multipart;
        }
        else if (request.Form is not null)
            message.Content = new FormUrlEncodedContent([.. request.Form, new("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/kvitto"))]);

        using var response = await client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();

        var answer = Answer(response, refused: request.Form is not null && body.Contains("class=\"error-summary\"", StringComparison.Ordinal));
        Assert.True(expected == answer, $"{endpoint} as {callerName}: expected {expected}, got {answer} {response.Headers.Location} {body[..Math.Min(300, body.Length)]}");
    }

    private static string Answer(HttpResponseMessage response, bool refused) => (response.StatusCode, response.Headers.Location is { IsAbsoluteUri: true } absolute
            ? absolute.PathAndQuery : response.Headers.Location?.OriginalString) switch
    {
        // The sign-in page itself (its other pages, such as the e-mail sign-in's answer, are redirects elsewhere).
        (HttpStatusCode.Redirect, { } location) when location.Split('?')[0] == "/logga-in" => "login",
        (HttpStatusCode.Redirect, { } location) when location.StartsWith("/ingen-behorighet", StringComparison.Ordinal) => "deny",
        (HttpStatusCode.OK, _) when refused => "refused",
        var (status, _) => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>One row: the endpoint's key (method and route, as <see cref="EndpointInventory"/> names it), the answers, the request.</summary>
    private sealed record Row(string Endpoint, string Expected, Func<MatrixWorld, bool, Task<MatrixRequest>> Request)
    {
        public Row(string endpoint, string expected, MatrixRequest request) : this(endpoint, expected, (_, _) => Task.FromResult(request))
        {
        }

        public IReadOnlyList<string> Answers { get; } = Expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private sealed record MatrixRequest(HttpMethod Method, string Path, HttpContent? Content = null, string? IfMatch = null,
        IReadOnlyList<KeyValuePair<string, string>>? Form = null, string? File = null);

    /// <summary>A register of one row, in Höglandet's areas and parties, as the import takes it.</summary>
    private const string RegisterCsv = "handelsedatum;omrade;rapporterande_part;berorda_parter;kategori;beskrivning;konsekvens\r\n"
        + "2019-03-04;Nässjö;Nässjö kommun;Försäkringskassan;handover;Remissen besvarades inte.;Personen fick vänta.\r\n";

    private static MatrixRequest Csv(string path, string csv)
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return new MatrixRequest(HttpMethod.Post, path, content);
    }

    private static MatrixRequest Get(string path) => new(HttpMethod.Get, path);

    private static MatrixRequest Send(HttpMethod method, string path) => new(method, path);

    private static MatrixRequest Json(HttpMethod method, string path, object body, string? ifMatch = null) =>
        new(method, path, JsonContent.Create(body), ifMatch);

    /// <summary>A response template of Höglandet, made by its administrator, for a caller to remove.</summary>
    private static async Task<Guid> NewTemplateAsync(MatrixWorld w)
    {
        using var created = await w.AdminClient.PostAsJsonAsync($"/api/v1/admin/associations/{Hoglandet}/response-templates",
            new { purpose = "question", title = w.Unique("Mall att ta bort"), body = "Vilken enhet gällde det?" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (Guid)(await created.ReadJsonAsync())["id"]!;
    }

    private static MatrixRequest Form(string path, params (string Name, string Value)[] fields) =>
        Form(path, [.. fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value))]);

    private static MatrixRequest Form(string path, List<KeyValuePair<string, string>> fields) => new(HttpMethod.Post, path, Form: fields);

    /// <summary>A fresh one-time sign-in link's token for a registered address, made as the background sender makes one.</summary>
    private static async Task<string> SignInLinkAsync(MatrixWorld w)
    {
        await using var scope = w.Factory.Services.CreateAsyncScope();
        return await LexHeller.Api.Features.SignIn.SignInLinks.CreateAsync(scope.ServiceProvider.GetRequiredService<LexHeller.Api.Data.DbSession>(),
            DemoSeed.ResponderFkEmail, null, w.Factory.Clock.GetUtcNow(), TimeSpan.FromMinutes(15), CancellationToken.None);
    }

    /// <summary>A pattern of Höglandet now (the demo seed makes one), as the statistics page lists it.</summary>
    private static async Task<string> PatternKeyAsync(MatrixWorld w) =>
        (string)(await w.Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/patterns?associationCode={Hoglandet}"))!["patterns"]!.AsArray().First()!["key"]!;

    private static Func<MatrixWorld, bool, Task<MatrixRequest>> ReportGet(string suffix) =>
        async (w, _) => Get($"/api/v1/reports/{(await w.ReportAsync(Stage.Received, false)).Id}{suffix}");

    private static Func<MatrixWorld, bool, Task<MatrixRequest>> Step(Stage stage, string step, object body) =>
        (w, fresh) => StepAsync(w, stage, fresh, step, body);

    private static async Task<MatrixRequest> StepAsync(MatrixWorld w, Stage stage, bool fresh, string step, object body)
    {
        var report = await w.ReportAsync(stage, fresh);
        return Json(HttpMethod.Post, $"/api/v1/reports/{report.Id}/{step}", body, await w.Workflow.ETagAsync(report.Id));
    }

    private static Func<MatrixWorld, bool, Task<MatrixRequest>> PageStep(Stage stage, string handler, params (string Name, string Value)[] fields) =>
        (w, fresh) => PageStepAsync(w, stage, fresh, handler, fields);

    /// <summary>A form of the report page, sent with the version the page was read at, as the page's hidden field does.</summary>
    private static async Task<MatrixRequest> PageStepAsync(MatrixWorld w, Stage stage, bool fresh, string handler, params (string Name, string Value)[] fields)
    {
        var report = await w.ReportAsync(stage, fresh);
        var version = (await w.Workflow.ETagAsync(report.Id)).Trim('"');
        return Form($"/triage/avvikelse/{report.Id}?handler={handler}", [("Version", version), .. fields]);
    }
}
