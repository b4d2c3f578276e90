using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LexHeller.Api.Features.Admin.Apply;

/// <summary>
/// One association as a file describes it (YAML or JSON, the same names as the API): its settings, areas,
/// parties, its own categories (and its notices on national ones), steering groups with their members, queues
/// and meeting calendars, routing rules and members. Each section is a property of its own.
/// </summary>
public sealed class AssociationFile
{
    public AssociationSection? Association { get; set; }

    public List<AreaEntry>? Areas { get; set; }

    public List<PartyEntry>? Parties { get; set; }

    public List<CategoryEntry>? Categories { get; set; }

    public List<SteeringGroupEntry>? SteeringGroups { get; set; }

    public List<RoutingRuleEntry>? RoutingRules { get; set; }

    public List<MemberEntry>? Members { get; set; }

    public sealed class AssociationSection
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? ReferencePrefix { get; set; }
        public bool? AllowsAnonymousIntake { get; set; }
        public int? AnswerDeadlineDays { get; set; }
        public int? SuppressionThreshold { get; set; }
        public int? RecurrenceWindowDays { get; set; }
        public int? RecurrenceThreshold { get; set; }
        public string? AccessibilityStatement { get; set; }
        public string? PersonalDataNotice { get; set; }
    }

    public sealed class AreaEntry
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
    }

    public sealed class PartyEntry
    {
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? Unit { get; set; }
    }

    public sealed class SteeringGroupEntry
    {
        public string? Name { get; set; }

        /// <summary>The triagers: e-mail addresses.</summary>
        public List<string>? Members { get; set; }

        /// <summary>The queues the group owns, by name.</summary>
        public List<string>? Queues { get; set; }

        /// <summary>The meetings ahead (YYYY-MM-DD): the calendar from today on becomes exactly these. Left out: unchanged.</summary>
        public List<DateOnly>? Meetings { get; set; }

        /// <summary>Days before each meeting that are its cut-off (0–60). Left out: unchanged.</summary>
        public int? CutOffDays { get; set; }
    }

    /// <summary>
    /// A category of the association's own (code, label, description, notice, blocksSubmission, active), or a
    /// national category's code with only the association's own notice and blocksSubmission.
    /// </summary>
    public sealed class CategoryEntry
    {
        public string? Code { get; set; }
        public string? Label { get; set; }
        public string? Description { get; set; }
        public string? Notice { get; set; }
        public bool? BlocksSubmission { get; set; }
        public bool? Active { get; set; }
    }

    public sealed class RoutingRuleEntry
    {
        public string? Description { get; set; }
        public string? Area { get; set; }
        public string? PartyKind { get; set; }
        public string? Category { get; set; }

        /// <summary>A queue of the association, by name; or <see cref="ForwardTo"/>.</summary>
        public string? Queue { get; set; }

        /// <summary>Another association's code.</summary>
        public string? ForwardTo { get; set; }

        public int? Priority { get; set; }
    }

    public sealed class MemberEntry
    {
        public string? Email { get; set; }
        public List<string>? Roles { get; set; }

        /// <summary>The association's parties the member acts for, by name.</summary>
        public List<string>? Parties { get; set; }
    }

    /// <summary>Reads a file: JSON when it ends in .json, else YAML. Unknown names are errors, not ignored.</summary>
    public static AssociationFile Read(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            var file = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? JsonSerializer.Deserialize<AssociationFile>(text, JsonOptions)
                : Yaml.Deserialize<AssociationFile>(text);
            return file ?? throw new AssociationFileException("The file is empty.");
        }
        catch (JsonException exception)
        {
            throw new AssociationFileException($"Not a valid association file at {exception.Path} (line {exception.LineNumber + 1}): {exception.Message}");
        }
        catch (YamlException exception)
        {
            var reason = exception.InnerException?.Message ?? exception.Message;
            throw new AssociationFileException($"Not a valid association file at line {exception.Start.Line}, column {exception.Start.Column}: {reason}");
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();
}

/// <summary>The file cannot be read as an association file.</summary>
public sealed class AssociationFileException(string message) : Exception(message);
