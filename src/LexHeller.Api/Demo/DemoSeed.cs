using LexHeller.Api.Features.FollowUps;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Demo;

/// <summary>
/// The demo world: Höglandet and its neighbour, their areas and parties, a steering group, one
/// identity per role, an integration key, and the fixture reports filed through the same
/// <see cref="SubmitReport"/> command the API uses. Two more reports make handover failures at the
/// municipality a recurring pattern in Höglandet, and the beredningsgrupp has opened a
/// structural follow-up from it (through <see cref="CreateFollowUp"/>), so patterns and statistics
/// have something to show. Runs once; a seeded database is left alone, and a seed cut short (the
/// service killed during its first start) is finished on the next start.
/// </summary>
public sealed class DemoSeed(IServiceScopeFactory scopes, TimeProvider time, ILogger<DemoSeed> logger)
{
    public const string ReporterEmail = "reporter@demo.lexheller.example";
    public const string TriagerEmail = "triager@demo.lexheller.example";
    public const string ResponderFkEmail = "responder.fk@demo.lexheller.example";
    public const string ResponderAfEmail = "responder.af@demo.lexheller.example";
    public const string ResponderRegionEmail = "responder.region@demo.lexheller.example";
    public const string AnalystEmail = "analyst@demo.lexheller.example";
    public const string AdminEmail = "admin@demo.lexheller.example";

    /// <summary>The demo integration partner's key (Nässjö kommun's case system). Demo data only.</summary>
    public const string DemoApiKey = "lh_demo_nassjo_case_system_key";

    /// <summary>The demo's recurring pattern in Höglandet: handover failures at the municipality.</summary>
    public const string DemoPatternKey = "handover~municipality";

    public const string DemoFollowUpTitle = "Överlämning när kommunens handläggare byts eller slutar";

    public const string HoglandetCode = "hoglandet";
    public const string NeighbourCode = "jonkoping";

    private static readonly (string Code, string Name)[] HoglandetAreas =
        [("aneby", "Aneby"), ("eksjo", "Eksjö"), ("nassjo", "Nässjö"), ("savsjo", "Sävsjö"), ("tranas", "Tranås"), ("vetlanda", "Vetlanda")];

    private static readonly (string Code, string Name)[] NeighbourAreas =
        [("jonkoping", "Jönköping"), ("habo", "Habo"), ("mullsjo", "Mullsjö")];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        if (await CountAsync(session, FollowUpsOfHoglandet, new { Code = HoglandetCode }, cancellationToken) > 0)
        {
            logger.LogInformation("Demo data already present; not seeding again");
            return;
        }

        // The seed is several transactions: the world, one per report (through the API's command), and
        // the follow-up, which comes last and so marks it finished. A service killed in between finishes
        // the seed on its next start: the world is kept and a report already filed is not filed again.
        if (await CountAsync(session, "SELECT COUNT(*) FROM associations WHERE code = @Code", new { Code = HoglandetCode }, cancellationToken) > 0)
            logger.LogWarning("Demo data was left half-seeded (the service stopped during its first start); finishing it");
        else
            await InsertWorldAsync(session, cancellationToken);

        var filed = await FileFixtureReportsAsync(session, cancellationToken);
        filed += await FilePatternReportsAsync(session, cancellationToken);
        await OpenFollowUpAsync(session, cancellationToken);
        logger.LogInformation("Demo data seeded: 2 associations and {Reports} reports", filed);
    }

    private const string FollowUpsOfHoglandet = """
        SELECT COUNT(*) FROM follow_ups f JOIN associations a ON a.id = f.association_id WHERE a.code = @Code
        """;

    private const string DemoReportsWithDescription = """
        SELECT COUNT(*) FROM reports r JOIN associations a ON a.id = r.association_id
        WHERE a.code = @Code AND r.description = @Description
        """;

    private static async Task<int> CountAsync(DbSession session, string sql, object parameters, CancellationToken cancellationToken) =>
        await session.ScalarAsync<int>(sql, parameters, cancellationToken);

    /// <summary>
    /// Files a demo report through the API's command, unless a report with its text is already in
    /// Höglandet (filed before the service was stopped mid-seed). True when it was filed now.
    /// </summary>
    private async Task<bool> FileUnlessPresentAsync(DbSession session, SubmitReport.Command command, CancellationToken cancellationToken)
    {
        var normalized = command.Normalized();
        if (await CountAsync(session, DemoReportsWithDescription, new { Code = HoglandetCode, normalized.Description }, cancellationToken) > 0)
            return false;

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(Caller.System("demo-seed"));
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(normalized, cancellationToken);
        return true;
    }

    /// <summary>The associations, areas, parties, groups, queues, rules, members, the integration key and the pattern: one transaction.</summary>
    private async Task InsertWorldAsync(DbSession session, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            var hoglandet = await InsertAssociationAsync(session, HoglandetCode, "Samordningsförbundet Höglandet",
                allowAnonymousIntake: true, HoglandetAreas, now, cancellationToken);
            var neighbour = await InsertAssociationAsync(session, NeighbourCode, "Samordningsförbundet Jönköping",
                allowAnonymousIntake: false, NeighbourAreas, now, cancellationToken);

            await ExecuteAsync(session, "INSERT INTO party_members (party_id, user_key) VALUES (@PartyId, @UserKey)",
            [
                new { PartyId = hoglandet.Parties["Nässjö kommun"], UserKey = ReporterEmail },
                new { PartyId = hoglandet.Parties["Försäkringskassan"], UserKey = ResponderFkEmail },
                new { PartyId = hoglandet.Parties["Arbetsförmedlingen"], UserKey = ResponderAfEmail },
                new { PartyId = hoglandet.Parties["Region Jönköpings län"], UserKey = ResponderRegionEmail },
            ], cancellationToken);

            var today = SwedishCalendar.Today(time);
            var beredning = await InsertGroupWithQueueAsync(session, hoglandet.Id, "Beredningsgruppen Höglandet",
                today.AddDays(24), [TriagerEmail], now, cancellationToken);
            var lsgQueues = new Dictionary<string, Guid>();
            foreach (var (code, name) in HoglandetAreas)
            {
                lsgQueues[code] = await InsertGroupWithQueueAsync(session, hoglandet.Id, $"LSG {name}",
                    today.AddDays(31), [TriagerEmail], now, cancellationToken);
            }

            var neighbourQueue = await InsertGroupWithQueueAsync(session, neighbour.Id, "Beredningsgruppen Jönköping",
                today.AddDays(17), [], now, cancellationToken);

            await InsertRuleAsync(session, hoglandet.Id, "Allt annat: beredningsgruppen", queueId: beredning, now: now, cancellationToken: cancellationToken);
            await InsertRuleAsync(session, hoglandet.Id, "Regelverk som går isär: beredningsgruppen",
                category: "conflicting-rules", queueId: beredning, priority: 50, now: now, cancellationToken: cancellationToken);
            foreach (var (code, name) in HoglandetAreas)
            {
                await InsertRuleAsync(session, hoglandet.Id, $"{name}: LSG {name}",
                    areaId: hoglandet.Areas[code], queueId: lsgQueues[code], now: now, cancellationToken: cancellationToken);
            }

            await InsertRuleAsync(session, hoglandet.Id, "Hälso- och sjukvård i Aneby: Samordningsförbundet Jönköping",
                areaId: hoglandet.Areas["aneby"], partyKind: PartyKind.Region, forwardTo: neighbour.Id, now: now, cancellationToken: cancellationToken);
            await InsertRuleAsync(session, neighbour.Id, "Allt: beredningsgruppen", queueId: neighbourQueue, now: now, cancellationToken: cancellationToken);

            // What each demo identity may do is data, as an administrator grants it (ADR 13): the roles per association.
            (Guid AssociationId, string UserKey, string Role)[] grants =
            [
                (hoglandet.Id, ReporterEmail, Roles.Reporter),
                (hoglandet.Id, ResponderFkEmail, Roles.Responder),
                (hoglandet.Id, ResponderAfEmail, Roles.Responder),
                (hoglandet.Id, ResponderRegionEmail, Roles.Responder),
                (hoglandet.Id, AnalystEmail, Roles.Analyst),
                (hoglandet.Id, AdminEmail, Roles.Admin),
                (neighbour.Id, AdminEmail, Roles.Admin),
            ];
            await ExecuteAsync(session, "INSERT INTO association_members (association_id, user_key) VALUES (@AssociationId, @UserKey)",
                [.. grants.Select(grant => new { grant.AssociationId, grant.UserKey })], cancellationToken);
            await ExecuteAsync(session, """
                INSERT INTO member_roles (association_id, user_key, role, requires_role_claim, granted_at)
                VALUES (@AssociationId, @UserKey, @Role, 0, @Now)
                """, [.. grants.Select(grant => new { grant.AssociationId, grant.UserKey, grant.Role, Now = now })], cancellationToken);

            await ApiClients.InsertAsync(session, hoglandet.Id, hoglandet.Parties["Nässjö kommun"],
                "Nässjö kommuns verksamhetssystem (demo)", DemoApiKey, now, cancellationToken);

            // The pattern's reports are filed now but dated over past months: it was found, and the
            // steering group told, when its third report came in, so seeding queues no message about it.
            await ExecuteAsync(session, """
                INSERT INTO pattern_detections (association_id, category, party_kinds, first_detected_on, last_detected_on)
                VALUES (@AssociationId, 'handover', 'municipality', @DetectedOn, @DetectedOn)
                """, [new { AssociationId = hoglandet.Id, DetectedOn = today.AddDays(-FixtureAgeInDays(PatternFixtureIndex)) }], cancellationToken);

            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }
    }

    private async Task<int> FileFixtureReportsAsync(DbSession session, CancellationToken cancellationToken)
    {
        var fixtures = FixtureReports.Load();
        var parties = (await session.QueryAsync<PartyRow>("""
            SELECT p.id, p.kind, p.name FROM parties p JOIN associations s ON s.id = p.association_id WHERE s.code = @Code
            """, new { Code = HoglandetCode }, cancellationToken)).ToList();
        var areaNames = HoglandetAreas.ToDictionary(area => area.Code, area => area.Name);

        var today = SwedishCalendar.Today(time);
        var filed = 0;
        for (var i = 0; i < fixtures.Count; i++)
        {
            var fixture = fixtures[i];
            Guid PartyOfKind(string kind) => kind == Codes.Of(PartyKind.Municipality)
                ? parties.Single(p => p.Name == $"{areaNames[fixture.Area]} kommun").Id
                : parties.Single(p => p.Kind == kind).Id;

            var command = new SubmitReport.Command(
                HoglandetCode, fixture.Area, today.AddDays(-FixtureAgeInDays(i)), fixture.Kind, PartyOfKind(fixture.ReporterPartyKind),
                [.. fixture.InvolvedPartyKinds.Select(PartyOfKind).Distinct()], fixture.Category,
                fixture.Description, fixture.Consequence, fixture.ActionsTaken, fixture.SuggestedImprovement,
                AffectedGender.NotStated, Reporter: null);
            if (await FileUnlessPresentAsync(session, command, cancellationToken))
                filed++;
        }

        return filed;
    }

    /// <summary>How many days before today fixture report <paramref name="index"/> happened: they spread over the past months.</summary>
    private static int FixtureAgeInDays(int index) => 4 + 9 * index;

    /// <summary>The fixture report (handover at the municipality) that the pattern's two extra reports recur with; the newest of the three.</summary>
    private const int PatternFixtureIndex = 3;

    /// <summary>Days before today of the pattern's two extra reports.</summary>
    private static readonly int[] PatternReportAges = [57, 103];

    /// <summary>Two more handover failures at a municipality, which with fixture report 3 make a pattern.</summary>
    private async Task<int> FilePatternReportsAsync(DbSession session, CancellationToken cancellationToken)
    {
        var parties = (await session.QueryAsync<PartyRow>("""
            SELECT p.id, p.kind, p.name FROM parties p JOIN associations s ON s.id = p.association_id WHERE s.code = @Code
            """, new { Code = HoglandetCode }, cancellationToken)).ToDictionary(party => party.Name, party => party.Id);
        var today = SwedishCalendar.Today(time);
        SubmitReport.Command[] commands =
        [
            new(HoglandetCode, "eksjo", today.AddDays(-PatternReportAges[0]), ReportKind.Occurred, parties["Region Jönköpings län"], [parties["Eksjö kommun"]], "handover",
                "Vuxenpsykiatrin kallade socialtjänsten till en samordnad individuell plan inför en utskrivning, men ärendet hade avslutats hos "
                    + "kommunen utan överlämning till en ny handläggare. Ingen från kommunen kom till mötet.",
                "Utskrivningen sköts upp och personen fick vänta på boendestöd.",
                "Enhetschefen på socialtjänsten är kontaktad.",
                "Ärenden som avslutas vid byte av handläggare lämnas över till en namngiven mottagare.",
                AffectedGender.NotStated),
            new(HoglandetCode, "vetlanda", today.AddDays(-PatternReportAges[1]), ReportKind.Occurred, parties["Arbetsförmedlingen"], [parties["Vetlanda kommun"]], "handover",
                "Arbetsförmedlingen skickade en begäran om gemensam kartläggning till kommunens arbetsmarknadsenhet. Begäran blev liggande när "
                    + "handläggaren slutade, och ingen fick veta att ärendet saknade mottagare.",
                "Personen väntade i tre månader på en insats som aldrig startade.",
                "Begäran har skickats om och mottagandet är bekräftat.",
                "Överlämningar mellan parterna kvitteras av mottagaren.",
                AffectedGender.NotStated),
        ];

        var filed = 0;
        foreach (var command in commands)
        {
            if (await FileUnlessPresentAsync(session, command, cancellationToken))
                filed++;
        }

        return filed;
    }

    /// <summary>The beredningsgrupp's structural follow-up of the pattern, opened by its demo triager.</summary>
    private async Task OpenFollowUpAsync(DbSession session, CancellationToken cancellationToken)
    {
        var ownerGroupId = await session.ScalarAsync<Guid>(
            "SELECT id FROM steering_groups WHERE name = @Name", new { Name = "Beredningsgruppen Höglandet" }, cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(new Caller(CallerKind.User, TriagerEmail, new HashSet<string> { Roles.Triager }, null));
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateFollowUp.Command(
            HoglandetCode, DemoFollowUpTitle, ownerGroupId,
            "Beredningsgruppen ber kommunernas verksamhetschefer ta fram en gemensam rutin för överlämning när en handläggare byts eller slutar.",
            SwedishCalendar.Today(time).AddDays(90), DemoPatternKey), cancellationToken);
    }

    private static async Task<SeededAssociation> InsertAssociationAsync(
        DbSession session,
        string code, string name, bool allowAnonymousIntake, (string Code, string Name)[] areas, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(now);
        await ExecuteAsync(session, """
            INSERT INTO associations (id, code, name, allow_anonymous_intake, created_at, accessibility_statement, personal_data_notice)
            VALUES (@Id, @Code, @Name, @AllowAnonymousIntake, @Now, @AccessibilityStatement, @PersonalDataNotice)
            """, [new
            {
                Id = id, Code = code, Name = name, AllowAnonymousIntake = allowAnonymousIntake, Now = now,
                AccessibilityStatement = DemoAssociationTexts.AccessibilityStatement(code), PersonalDataNotice = DemoAssociationTexts.PersonalDataNotice(code),
            }], cancellationToken);
        var areaIds = areas.ToDictionary(area => area.Code, _ => Guid.CreateVersion7(now));
        await ExecuteAsync(session, "INSERT INTO areas (id, association_id, code, name) VALUES (@Id, @AssociationId, @Code, @Name)",
            [.. areas.Select(area => new { Id = areaIds[area.Code], AssociationId = id, area.Code, area.Name })], cancellationToken);

        (PartyKind Kind, string Name)[] parties =
        [
            .. areas.Select(area => (PartyKind.Municipality, $"{area.Name} kommun")),
            (PartyKind.Region, "Region Jönköpings län"),
            (PartyKind.SocialInsurance, "Försäkringskassan"),
            (PartyKind.EmploymentService, "Arbetsförmedlingen"),
        ];
        var partyIds = parties.ToDictionary(party => party.Name, _ => Guid.CreateVersion7(now));
        await ExecuteAsync(session, "INSERT INTO parties (id, association_id, kind, name) VALUES (@Id, @AssociationId, @Kind, @Name)",
            [.. parties.Select(party => new { Id = partyIds[party.Name], AssociationId = id, Kind = Codes.Of(party.Kind), party.Name })],
            cancellationToken);
        return new SeededAssociation(id, areaIds, partyIds);
    }

    private static Task<int> ExecuteAsync(DbSession session, string sql, IEnumerable<object> rows, CancellationToken cancellationToken) =>
        session.ExecuteAsync(sql, rows, cancellationToken);

    private sealed record SeededAssociation(Guid Id, IReadOnlyDictionary<string, Guid> Areas, IReadOnlyDictionary<string, Guid> Parties);

    private static async Task<Guid> InsertGroupWithQueueAsync(DbSession session,
        Guid associationId, string name, DateOnly nextMeeting, string[] members, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var groupId = Guid.CreateVersion7(now);
        var queueId = Guid.CreateVersion7(now);
        await ExecuteAsync(session, "INSERT INTO steering_groups (id, association_id, name, next_meeting_on) VALUES (@Id, @AssociationId, @Name, @NextMeeting)",
            [new { Id = groupId, AssociationId = associationId, Name = name, NextMeeting = nextMeeting }], cancellationToken);
        await ExecuteAsync(session, "INSERT INTO queues (id, association_id, steering_group_id, name, created_at) VALUES (@Id, @AssociationId, @GroupId, @Name, @Now)",
            [new { Id = queueId, AssociationId = associationId, GroupId = groupId, Name = name, Now = now }], cancellationToken);
        await ExecuteAsync(session, "INSERT INTO steering_group_members (steering_group_id, user_key) VALUES (@GroupId, @UserKey)",
            [.. members.Select(member => new { GroupId = groupId, UserKey = member })], cancellationToken);
        return queueId;
    }

    private static Task<int> InsertRuleAsync(DbSession session,
        Guid associationId, string description, Guid? areaId = null, PartyKind? partyKind = null, string? category = null,
        Guid? queueId = null, Guid? forwardTo = null, int priority = 100, DateTimeOffset now = default, CancellationToken cancellationToken = default) =>
        ExecuteAsync(session, """
            INSERT INTO routing_rules (id, association_id, area_id, party_kind, category, queue_id, forward_to_association_id, priority, description, created_at)
            VALUES (@Id, @AssociationId, @AreaId, @PartyKind, @Category, @QueueId, @ForwardTo, @Priority, @Description, @Now)
            """,
            [new
            {
                Id = Guid.CreateVersion7(now),
                AssociationId = associationId,
                AreaId = areaId,
                PartyKind = partyKind is { } kind ? Codes.Of(kind) : null,
                Category = category,
                QueueId = queueId,
                ForwardTo = forwardTo,
                Priority = priority,
                Description = description,
                Now = now,
            }], cancellationToken);

    private sealed class PartyRow
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
    }
}

/// <summary>The de-identified fixture reports (<c>shared/fixtures/reports.sv.json</c>, shipped with the app).</summary>
public sealed record FixtureReport(
    string Area,
    ReportKind Kind,
    string ReporterPartyKind,
    IReadOnlyList<string> InvolvedPartyKinds,
    string Category,
    string Description,
    string Consequence,
    string ActionsTaken,
    string SuggestedImprovement);

public static class FixtureReports
{
    public static IReadOnlyList<FixtureReport> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Demo", "reports.sv.json");
        var options = new JsonSerializerOptions();
        JsonSetup.Configure(options);
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<FixtureFile>(stream, options)?.Reports
            ?? throw new InvalidOperationException($"No reports in {path}.");
    }

    private sealed record FixtureFile([property: JsonPropertyName("reports")] IReadOnlyList<FixtureReport> Reports);
}
