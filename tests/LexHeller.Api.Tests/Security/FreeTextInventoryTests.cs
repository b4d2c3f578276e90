using System.Data;
using System.Reflection;
using LexHeller.Api.Data;
using LexHeller.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Every free text that another person reads is read by the personal-number guard first: every string
/// member of every Mediator message of the API (the pages send the same messages) is either guarded —
/// proven by <see cref="FreeTextInventory"/>: <c>FreeText()</c> hands back what was put in it, under
/// its JSON name — or on the commented list below of strings that are no free text.
/// </summary>
public sealed class FreeTextInventoryTests
{
    /// <summary>
    /// Strings that are not free text, by JSON path (any message) or by <c>Message: path</c>. Each is
    /// checked against a closed set, a format or a secret before it is used; none is prose that
    /// another person reads.
    /// </summary>
    private static readonly Dictionary<string, string> Exemptions = new(StringComparer.Ordinal)
    {
        // Codes of reference data: validated against the association's areas, the associations, the active categories.
        ["associationCode"] = "an association's code (route or body), looked up in reference data",
        ["areaCode"] = "an area's code, looked up in the association's areas",
        ["forwardToAssociationCode"] = "another association's code, looked up in reference data",
        ["category"] = "a failure category's code, looked up among the active categories",
        ["suggestedCategory"] = "a failure category's code, looked up among the active categories",
        ["code"] = "a new association's or area's code (or one named in the route): lower-case kebab-case, validated by format",
        ["referencePrefix"] = "an association's reference prefix: 2–6 capital letters or digits, validated by format",
        ["roles[]"] = "a member's roles, from a closed set",
        ["administrators[]"] = "the first administrators' e-mail addresses, validated as addresses; they name those users",
        ["CreateCategory.Command: code"] = "a new category's code: lower-case kebab-case (a-z, 0-9 and hyphens), which cannot hold a personal number's digits as a run of ten",
        ["categoryCode"] = "a failure category's code (the route), looked up among the association's categories",
        ["patternKey"] = "a category code and party-kind codes, parsed by PatternKey.TryParse",

        // Closed sets and formats of queries: parsed, never stored or shown to anyone.
        ["status"] = "a status filter from a closed set",
        ["purpose"] = "a response template's purpose from a closed set (question, referral, answer, closure)",
        ["interval"] = "month, quarter or year",
        ["format"] = "an export or chart format from a closed set",
        ["delimiter"] = "a CSV delimiter from a closed set",
        ["table"] = "a statistics table's name from a closed set",
        ["chart"] = "a chart's name from a closed set",
        ["cursor"] = "an opaque paging cursor the server issued; parsed, never stored",
        ["partyKinds[]"] = "party-kind codes from a closed set (the routing preview's question), parsed, never stored",
        ["claimRoles[]"] = "the signed-in user's role claims, compared with the role names where sign-in lands, never stored",

        // Secrets and keys: compared or hashed, never shown to another person.
        ["token"] = "a receipt token or a one-time sign-in link's token from the route: its holder's own secret, looked up by its hash",
        ["idempotencyKey"] = "the Idempotency-Key header: at most 100 ASCII characters, kept only to recognise a retry",

        // Contact details: the person's own, checked as what they are. A guard on them would refuse real phone
        // numbers and addresses whose digits happen to form a valid date and check digit.
        ["email"] = "a member's or party contact's e-mail address (the route), validated as an address; it names that user",
        ["managerEmail"] = "a party's manager contact, entered by an administrator: one bare e-mail address, validated as an address",
        ["NotificationSettings.Command: delivery"] = "how a member wants the steering group's notifications, from a closed set (immediate, digest)",
        ["userKey"] = "the signed-in user's own key (their e-mail address) from the token, looked up to find where sign-in lands",
        ["reporter.email"] = "the reporter's own e-mail address, validated as one and sealed with the contact",
        ["reporter.phone"] = "the reporter's own phone number, sealed with the contact and opened only by triagers",

        // The import's query parameters beside its file (the body is a CSV or XLSX file, not JSON): RegisterImport searches them
        // with the same guard itself, as it does every cell of the file, and refuses the file (400 naming the parameter).
        ["ImportRegister.Command: fileName"] = "the uploaded file's name, kept in each imported report's history; refused by RegisterImport when the guard finds a personal number",
        ["RedactReport.Command: text"] = "the words a triager takes out of a report: never stored or shown (a personal number that slipped through must be removable)",
        ["ImportRegister.Command: mapping"] = "JSON naming the register's column headers and category values; refused by RegisterImport when the guard finds a personal number",
    };

    /// <summary>Every Mediator message of the API: what its endpoints and pages send.</summary>
    internal static IReadOnlyList<Type> Messages() =>
        [.. typeof(IHaveFreeText).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsInterface: false } && typeof(Mediator.IMessage).IsAssignableFrom(type))];

    [Fact]
    public void Every_string_of_every_message_is_guarded_or_exempt_with_a_reason()
    {
        var messages = Messages();

        var result = FreeTextInventory.Walk(messages, Exemptions);

        Assert.True(messages.Count >= 40, $"Only {messages.Count} messages were found: is the assembly read right?");
        Assert.True(result.Problems.Count == 0, string.Join('\n', result.Problems));
        TestContext.Current.TestOutputHelper?.WriteLine($"{result.Members.Count} string members, {result.Guarded.Count} guarded:\n"
            + string.Join('\n', result.Members.Select(member => $"{member} — {(result.Guarded.Contains(member) ? "guarded" : "exempt")}")));
    }

    [Fact]
    public void Every_exemption_still_names_a_string_that_is_not_guarded()
    {
        var result = FreeTextInventory.Walk(Messages(), Exemptions);
        var unguarded = result.Members.Except(result.Guarded).ToList();

        var stale = Exemptions.Keys
            .Where(key => !unguarded.Any(member => member.Path == key || member.ToString() == key))
            .ToList();

        Assert.True(stale.Count == 0, $"Exemptions that name no unguarded string (remove them): {string.Join(", ", stale)}");
    }

    [Fact]
    public void The_free_text_that_others_read_is_guarded()
    {
        var guarded = FreeTextInventory.Walk(Messages(), Exemptions).Guarded.Select(member => member.ToString()).ToHashSet();

        // The probe's findings: the triage reason, the admin names and the routing-rule description, the API-client name.
        Assert.Contains("TriageReport.Command: reason", guarded);
        Assert.Contains("CreateSteeringGroup.Command: name", guarded);
        Assert.Contains("UpdateSteeringGroup.Command: name", guarded);
        Assert.Contains("CreateQueue.Command: name", guarded);
        Assert.Contains("CreateRoutingRule.Command: description", guarded);
        Assert.Contains("CreateApiClient.Command: name", guarded);
    }

    [Fact]
    public void The_walk_fails_on_an_unguarded_string_a_forgotten_field_and_a_field_guarded_under_another_name()
    {
        var result = FreeTextInventory.Walk([typeof(Synthetic.Unguarded), typeof(Synthetic.Forgetful), typeof(Synthetic.Misnamed)],
            new Dictionary<string, string> { ["email"] = "an e-mail address" });

        Assert.Equal(
            [
                "FreeTextInventoryTests.Synthetic.Forgetful: items[].note is a string that the personal-number guard does not read (IHaveFreeText.FreeText) and that no exemption explains.",
                "FreeTextInventoryTests.Synthetic.Misnamed: title is guarded as 'heading': the 422 would name another field than the client sent.",
                "FreeTextInventoryTests.Synthetic.Unguarded: comment is a string that the personal-number guard does not read (IHaveFreeText.FreeText) and that no exemption explains.",
            ],
            result.Problems);
        Assert.Equal(["FreeTextInventoryTests.Synthetic.Forgetful: items[].text", "FreeTextInventoryTests.Synthetic.Forgetful: title"], result.Guarded.Select(member => member.ToString()));
        Assert.Contains("FreeTextInventoryTests.Synthetic.Unguarded: email", result.Members.Select(member => member.ToString()));
    }

    [Fact]
    public async Task Every_request_body_of_the_api_is_a_message_the_inventory_walks()
    {
        await using var factory = new LexHellerApiFactory();
        var messages = Messages().ToHashSet();

        var bodies = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(endpoint => endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType)
            .OfType<Type>()
            .Distinct()
            .ToList();

        Assert.NotEmpty(bodies);
        Assert.All(bodies, body => Assert.Contains(body, messages));
    }

    [Fact]
    public void No_page_writes_past_the_messages()
    {
        // The pages send the same Mediator messages as the API (WebPageModel.SubmitAsync): none holds a database session or connection of its own.
        var pages = typeof(IHaveFreeText).Assembly.GetTypes().Where(type => type.Namespace?.StartsWith("LexHeller.Api.Web", StringComparison.Ordinal) == true).ToList();

        var writers = pages.Where(type =>
                type.GetConstructors().SelectMany(constructor => constructor.GetParameters()).Select(parameter => parameter.ParameterType)
                    .Concat(type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).Select(field => field.FieldType))
                    .Any(dependency => dependency == typeof(DbSession) || typeof(IDbConnection).IsAssignableFrom(dependency)))
            .Select(type => type.FullName)
            .ToList();

        Assert.True(pages.Count > 10);
        Assert.Empty(writers);
    }

    /// <summary>Made-up messages the walk must find fault with.</summary>
    public static class Synthetic
    {
        public sealed record Unguarded(string? Email, string? Comment);

        public sealed record Item(string? Text, string? Note);

        public sealed record Forgetful(string? Title, IReadOnlyList<Item>? Items) : IHaveFreeText
        {
            public IEnumerable<(string Field, string? Text)> FreeText() =>
                [("title", Title), .. (Items ?? []).Select((item, index) => ($"items[{index}].text", item.Text))];
        }

        public sealed record Misnamed(string? Title) : IHaveFreeText
        {
            public IEnumerable<(string Field, string? Text)> FreeText() => [("heading", Title)];
        }
    }
}
