using ArchUnitNET.Loader;
using LexHeller.Domain;

namespace LexHeller.Api.Tests.Architecture;

/// <summary>
/// The arrows of <c>docs/architecture.md</c>: which part of the service may know which. The compiled assemblies are read
/// with ArchUnitNET (Mono.Cecil), which finds a type's references in its fields, properties, method signatures, base
/// types, generic arguments and attributes, and the members its method bodies call and the types they use; a reference made
/// in a lambda, a local function, an iterator or an async method sits in a type the compiler nests inside the writing
/// type, and counts as that type's. A type belongs to a part by its namespace (outermost type's, for nested types).
/// </summary>
public sealed class LayerTests
{
    public enum Part
    {
        /// <summary>Not one of the parts: the framework, packages, and code generated into their namespaces (Mediator, OpenAPI).</summary>
        None,
        Domain,
        Storage,
        Infrastructure,
        UseCases,
        Pages,
        Demo,
        CompositionRoot,
    }

    /// <summary>The arrows that must never exist (docs/architecture.md, "Arrows that must never exist").</summary>
    public static readonly IReadOnlyDictionary<Part, Part[]> Forbidden = new Dictionary<Part, Part[]>
    {
        [Part.Domain] = [Part.Storage, Part.Infrastructure, Part.UseCases, Part.Pages, Part.Demo, Part.CompositionRoot],
        [Part.Storage] = [Part.UseCases, Part.Pages, Part.Demo],
        [Part.Infrastructure] = [Part.UseCases, Part.Pages, Part.Demo],
        [Part.UseCases] = [Part.Pages, Part.Demo],
        [Part.Pages] = [Part.Storage, Part.Demo],
        [Part.Demo] = [Part.Pages],
        [Part.CompositionRoot] = [],
    };

    private static readonly Lazy<List<Reference>> ServiceReferences = new(ReferencesBetweenParts);

    [Fact]
    public void No_part_of_the_service_references_a_part_it_must_not_know()
    {
        var offending = ServiceReferences.Value
            .Where(reference => Forbidden[reference.From].Contains(reference.To))
            .Select(reference => reference.ToString())
            .ToList();

        Assert.True(offending.Count == 0,
            $"{offending.Count} references cross an arrow that must not exist (docs/architecture.md):\n  {string.Join("\n  ", offending)}");
    }

    [Fact]
    public void The_domain_assembly_references_no_assembly_of_the_host()
    {
        var referenced = typeof(Codes).Assembly.GetReferencedAssemblies().Select(name => name.Name).ToList();

        Assert.DoesNotContain(typeof(Program).Assembly.GetName().Name, referenced);
    }

    /// <summary>
    /// The positive control on the service itself: the use cases reach storage (every handler takes the request's
    /// <c>DbSession</c>) and the domain's codes (<c>Codes</c>, a static class, so reached only by calls in method bodies),
    /// and the pages send the use cases' requests, so a reader that saw nothing would fail here rather than pass the rule above.
    /// </summary>
    [Fact]
    public void The_checker_sees_references_that_exist_use_cases_to_storage_and_domain_and_pages_to_use_cases()
    {
        var useCases = ServiceReferences.Value.Where(reference => reference.From == Part.UseCases).ToList();

        Assert.Contains(useCases, reference => reference.To == Part.Storage && reference.Target == typeof(Data.DbSession).FullName);
        Assert.Contains(useCases, reference => reference.To == Part.Domain && reference.Target == typeof(Codes).FullName);
        Assert.Contains(ServiceReferences.Value, reference => reference.From == Part.Pages && reference.To == Part.UseCases);
    }

    /// <summary>The positive control on the reader: references made only inside an async method or a lambda are seen, and none is made up.</summary>
    [Fact]
    public void The_checker_sees_a_reference_made_only_inside_an_async_method_body_or_a_lambda()
    {
        var probe = typeof(Probe.Target).Namespace + ".";
        var seen = ReferencesIn(typeof(LayerTests).Assembly)
            .Where(pair => pair.Origin.StartsWith(probe, StringComparison.Ordinal) && pair.Target.StartsWith(probe, StringComparison.Ordinal))
            .ToList();

        Assert.Equal(
            [
                (typeof(Probe.UsesTargetInALambda).FullName!, typeof(Probe.Target).FullName!),
                (typeof(Probe.UsesTargetInAnAsyncBody).FullName!, typeof(Probe.Target).FullName!),
            ],
            seen);
    }

    /// <summary>Every distinct reference between two types of the service that belong to different parts.</summary>
    private static List<Reference> ReferencesBetweenParts() =>
        [.. ReferencesIn(typeof(Program).Assembly, typeof(Codes).Assembly)
            .Select(pair => new Reference(pair.Origin, PartOf(pair.Origin), pair.Target, PartOf(pair.Target)))
            .Where(reference => reference.From != Part.None && reference.To != Part.None && reference.From != reference.To)];

    /// <summary>Every distinct reference from one type to another in <paramref name="assemblies"/>, by outermost type, in order.</summary>
    private static List<(string Origin, string Target)> ReferencesIn(params System.Reflection.Assembly[] assemblies)
    {
        var architecture = new ArchLoader().LoadAssemblies(assemblies).Build();
        return [.. architecture.Types
            .SelectMany(type => type.Dependencies)
            .Select(dependency => (Origin: Outermost(dependency.Origin.FullName), Target: Outermost(dependency.Target.FullName)))
            .Where(pair => pair.Origin != pair.Target)
            .Distinct()
            .OrderBy(pair => pair.Origin, StringComparer.Ordinal)
            .ThenBy(pair => pair.Target, StringComparer.Ordinal)];
    }

    /// <summary>The type a compiler-generated or nested type is written in: <c>A+B+&lt;Run&gt;d__3</c> is <c>A</c>.</summary>
    private static string Outermost(string fullName)
    {
        var end = fullName.IndexOfAny(['+', '/']);
        return end < 0 ? fullName : fullName[..end];
    }

    public static Part PartOf(string typeName)
    {
        bool In(string space) => typeName.StartsWith(space + ".", StringComparison.Ordinal);

        if (In("LexHeller.Domain"))
            return Part.Domain;
        if (In("LexHeller.Api.Data"))
            return Part.Storage;
        if (In("LexHeller.Api.Infrastructure"))
            return Part.Infrastructure;
        if (In("LexHeller.Api.Features"))
            return Part.UseCases;
        // The pages' views are compiled into Web/Pages/_ViewImports.cshtml's @namespace; a view without one would land in AspNetCoreGeneratedDocument.
        if (In("LexHeller.Api.Web") || In("AspNetCoreGeneratedDocument"))
            return Part.Pages;
        if (In("LexHeller.Api.Demo"))
            return Part.Demo;
        if (typeName == "Program" || In("LexHeller.Api.Composition"))
            return Part.CompositionRoot;
        return Part.None;
    }

    public sealed record Reference(string Origin, Part From, string Target, Part To)
    {
        public override string ToString() => $"{Origin} ({From}) -> {Target} ({To})";
    }
}
