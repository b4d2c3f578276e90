using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LexHeller.Api.Infrastructure.Http;

public static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>What each group of operations (an endpoint group's tag) is for.</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Reports"] = "Filing a report (reporters, integration partners, or anonymously where the association allows it) and reading one.",
        ["Receipts"] = "The reporter's view of a report by its receipt token: status, answers, and replies to the steering group's questions.",
        ["Reference data"] = "Associations, areas, parties and categories that a report form offers.",
        ["Triage"] = "The steering group's queues and every action on a report: triage, questions, referrals, closure, notes, history.",
        ["Referrals"] = "Questions to a party and the party's answers, for its contact persons.",
        ["Administration"] = "An association's steering groups, queues, routing rules, members, party contacts and API keys.",
        ["Patterns"] = "Recurring failures between the same kinds of parties over the association's threshold.",
        ["Follow-ups"] = "Structural follow-ups of patterns: owner group, decision, status, outcome and linked reports.",
        ["Statistics"] = "Aggregated counts and lead times, with small counts suppressed.",
        ["Exports"] = "The statistics and de-identified reports as CSV or JSON.",
        ["Charts"] = "The statistics drawn as SVG or PNG charts.",
    };

    /// <summary>
    /// True while the build runs the app to write <c>api-spec/openapi.json</c>: no database work then.
    /// </summary>
    public static bool IsBuildTimeDocumentGeneration =>
        System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>
    /// The contract document at <c>/openapi/v1.json</c>, also written to <c>api-spec/openapi.json</c> at
    /// build: title and description, both security schemes, and each protected operation's requirement.
    /// </summary>
    public static IServiceCollection AddLexHellerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            // Slices nest their Command and Response types: name schemas after the slice (SubmitReportCommand).
            options.CreateSchemaReferenceId = type =>
                type.Type.IsNested && !type.Type.IsEnum
                    ? type.Type.DeclaringType!.Name + type.Type.Name
                    : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Lex Heller API",
                    Version = "v1",
                    Description = "Deviation reports for Swedish coordination associations (samordningsförbund): intake, receipts, "
                        + "triage and reference data. Errors are application/problem+json (RFC 9457) with a traceId. "
                        + "Request bodies larger than 256 KiB (by default) are refused with 413. Anonymous filing and receipts are "
                        + "rate limited per client address, and each API key on its own: 429 with Retry-After (seconds). "
                        + "A database fault that clears by itself (a deadlock, a SQL Server failover) is retried by the service; one that "
                        + "outlasts the retries is 503 with Retry-After. A 503 without Retry-After means that a change's outcome is unknown: "
                        + "read before repeating it, or send reports with an Idempotency-Key, which the service can safely repeat.",
                    Contact = new OpenApiContact { Name = "Lex Heller developers", Email = "developers@lexheller.example" },
                    License = new OpenApiLicense { Name = "Proprietary" },
                };
                document.Servers = [new OpenApiServer { Url = "/", Description = "This service" }];
                foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
                    tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [BearerScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        BearerFormat = "JWT",
                        Description = "A token from the organisation's identity provider; roles in its 'role' claims.",
                    },
                    [ApiKeyScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Header,
                        Name = "X-Api-Key",
                        Description = "An integration partner's key, bound to one association and one party.",
                    },
                };
                return Task.CompletedTask;
            });

            // A string member's maximum length is the one its validator sets: shown, so that clients can check before sending.
            // Set on the object's schema, whose type is the request's own (a property's declaring type may be a base type).
            options.AddSchemaTransformer(async (schema, context, _) =>
            {
                // Also when the object is a member's value (reporter): then JsonPropertyInfo is the member, and JsonTypeInfo the object's type.
                if (context.JsonTypeInfo.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object || schema.Properties is null)
                    return;

                foreach (var property in context.JsonTypeInfo.Properties)
                {
                    if (property.PropertyType == typeof(string)
                        && property.AttributeProvider is System.Reflection.PropertyInfo member
                        && schema.Properties.TryGetValue(property.Name, out var propertySchema) && propertySchema is OpenApiSchema inline
                        && await ValidatedLength.OfAsync(context.ApplicationServices, context.JsonTypeInfo.Type, member.Name) is { } maxLength)
                        inline.MaxLength = maxLength;
                }
            });

            options.AddOperationTransformer((operation, context, _) =>
            {
                // Every operation says how it is authorised (Redocly's security-defined): anonymous ones with an empty list;
                // intake, which also takes reports without credentials where the association allows it, with an empty alternative.
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
                {
                    operation.Security = [];
                    return Task.CompletedTask;
                }

                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
                ];
                if (metadata.OfType<IAuthorizeData>().Any(data => data.Policy == Auth.Policies.Intake))
                    operation.Security.Add(new OpenApiSecurityRequirement());
                return Task.CompletedTask;
            });
        });
}
