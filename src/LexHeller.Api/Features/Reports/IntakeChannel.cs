using LexHeller.Api.Infrastructure.Auth;
using LexHeller.Api.Infrastructure.Problems;

namespace LexHeller.Api.Features.Reports;

/// <summary>Who may file a report for an association, through which channel, and how the event log names them.</summary>
public static class IntakeChannel
{
    /// <summary>Who may file for this association, and through which channel the report came.</summary>
    public static string Authorize(Caller caller, AssociationIntake association, Guid? reporterPartyId) => caller.Kind switch
    {
        CallerKind.Anonymous when association.AllowAnonymousIntake => "anonymous",
        CallerKind.Anonymous => throw new AuthenticationRequiredException(
            $"Association '{association.Code}' does not accept reports without sign-in."),
        CallerKind.ApiClient when caller.ApiClient!.AssociationId != association.Id => throw new ForbiddenException(
            "This API key is not bound to the association named in the report."),
        CallerKind.ApiClient when caller.ApiClient!.PartyId != reporterPartyId => throw new ForbiddenException(
            "This API key files reports for its own party only: reporterPartyId must be the key's party."),
        CallerKind.ApiClient => "api",
        CallerKind.User when !caller.IsInRole(Roles.Reporter) => throw new ForbiddenException(
            "Only reporters file reports when signed in; anyone may file without sign-in where the association allows it."),
        CallerKind.User => "form",
        _ => "system",
    };

    /// <summary>The event log names how a report came in, never the reporter (whose identity is kept apart).</summary>
    public static string ActorName(Caller caller) => caller.Kind switch
    {
        CallerKind.ApiClient => $"api-client:{caller.ApiClient!.Name}",
        CallerKind.User => "reporter",
        CallerKind.System => $"system:{caller.UserKey}",
        _ => "anonymous",
    };
}
