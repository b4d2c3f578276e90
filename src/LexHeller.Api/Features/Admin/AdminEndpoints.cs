using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Features.Admin;

public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin")
            .WithTags("Administration")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/associations/{code}/steering-groups", ListSteeringGroups.Endpoint)
            .WithName("ListSteeringGroups")
            .WithSummary("An association's steering groups")
            .WithDescription("Each group with its members (triagers, by e-mail), next meeting date and the queues it owns.");

        group.MapPost("/associations/{code}/steering-groups", CreateSteeringGroup.Endpoint)
            .WithName("CreateSteeringGroup")
            .WithSummary("New steering group of an association")
            .WithDescription("The name is unique within the association (409 otherwise). Members and queues are added afterwards.")
            .Accepts<CreateSteeringGroup.Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPatch("/steering-groups/{id:guid}", UpdateSteeringGroup.Endpoint)
            .WithName("UpdateSteeringGroup")
            .WithSummary("Rename a steering group or set its next meeting")
            .WithDescription("A JSON merge patch: a field left out stays as it is; \"nextMeetingOn\": null clears the date.")
            .Accepts<UpdateSteeringGroup.Command>("application/json", "application/merge-patch+json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/steering-groups/{id:guid}/members/{email}", ChangeMembership.Endpoint(ChangeMembership.Membership.SteeringGroupMember, add: true))
            .WithName("AddSteeringGroupMember")
            .WithSummary("Make a user a member (triager) of a steering group")
            .WithDescription("Idempotent. Users are keyed by their e-mail address, lower-cased: the token's email claim.")
            .ProducesValidationProblem();

        group.MapDelete("/steering-groups/{id:guid}/members/{email}", ChangeMembership.Endpoint(ChangeMembership.Membership.SteeringGroupMember, add: false))
            .WithName("RemoveSteeringGroupMember")
            .WithSummary("Take a member out of a steering group")
            .WithDescription("404 when the user is not a member.")
            .ProducesValidationProblem();

        group.MapPost("/steering-groups/{id:guid}/queues", CreateQueue.Endpoint)
            .WithName("CreateQueue")
            .WithSummary("New queue owned by a steering group")
            .WithDescription("The name is unique within the association (409 otherwise). Routing rules then send reports to it.")
            .Accepts<CreateQueue.Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/associations/{code}/queues", ListQueues.Endpoint)
            .WithName("ListQueues")
            .WithSummary("An association's queues")
            .WithDescription("Each queue with the steering group that owns it.");

        group.MapGet("/associations/{code}/routing-rules", ListRoutingRules.Endpoint)
            .WithName("ListRoutingRules")
            .WithSummary("An association's routing rules, in the order routing weighs them")
            .WithDescription("Most specific first, then the lowest priority number: the first rule that matches a new report decides.");

        group.MapPost("/associations/{code}/routing-rules", CreateRoutingRule.Endpoint)
            .WithName("CreateRoutingRule")
            .WithSummary("New routing rule of an association")
            .WithDescription("Criteria (areaCode, partyKind, category) left out match anything. Exactly one target: a queue of the association, "
                + "or another association to forward to (with at least one criterion). 409 when a rule with the same criteria and priority exists.")
            .Accepts<CreateRoutingRule.Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/routing-rules/{id:guid}", DeleteRoutingRule.Endpoint)
            .WithName("DeleteRoutingRule")
            .WithSummary("Remove a routing rule")
            .WithDescription("409 for the association's last rule without criteria that targets a queue: every association keeps a default queue.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/parties/{id:guid}/contacts/{email}", ChangeMembership.Endpoint(ChangeMembership.Membership.PartyContact, add: true))
            .WithName("AddPartyContact")
            .WithSummary("Make a user a contact person of a party")
            .WithDescription("Idempotent. Contact persons receive and answer the referrals to their party. Users are keyed by their e-mail address, lower-cased.")
            .ProducesValidationProblem();

        group.MapDelete("/parties/{id:guid}/contacts/{email}", ChangeMembership.Endpoint(ChangeMembership.Membership.PartyContact, add: false))
            .WithName("RemovePartyContact")
            .WithSummary("Remove a contact person from a party")
            .WithDescription("404 when the user is not a contact person of the party.")
            .ProducesValidationProblem();

        group.MapGet("/associations/{code}/api-clients", ListApiClients.Endpoint)
            .WithName("ListApiClients")
            .WithSummary("An association's API keys")
            .WithDescription("Each key's name, party, creation, last use (to the minute) and revocation. The keys themselves are never shown again.");

        group.MapPost("/associations/{code}/api-clients", CreateApiClient.Endpoint)
            .WithName("CreateApiClient")
            .WithSummary("New API key for a party's system")
            .WithDescription("The answer holds the key, once: only its SHA-256 is stored. The key files reports for the party in this association "
                + "(X-Api-Key header) and is rate limited per key.")
            .Accepts<CreateApiClient.Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/api-clients/{id:guid}", RevokeApiClient.Endpoint)
            .WithName("RevokeApiClient")
            .WithSummary("Revoke an API key")
            .WithDescription("The key stops working with the next request. Idempotent: revoking a revoked key answers 204 again.");

        group.MapGet("/associations/{code}/notifications/dead", ListDeadNotifications.Endpoint)
            .WithName("ListDeadNotifications")
            .WithSummary("An association's dead notifications")
            .WithDescription($"Notifications that failed Notifications:MaxAttempts times (10 by default) and are no longer tried, the latest first "
                + $"(at most {ListDeadNotifications.Limit}): kind, report, kind of recipient, attempts, the last error and since when. "
                + "Never the recipient's address or the message's text.");

        group.MapPost("/notifications/{id:guid}/retry", RetryNotification.Endpoint)
            .WithName("RetryNotification")
            .WithSummary("Send a dead notification again")
            .WithDescription("The notification is queued again, due at once, for one more attempt: failing again makes it dead again. "
                + "409 when it is not dead (queued, sent or cancelled).")
            .ProducesProblem(StatusCodes.Status409Conflict);

        return group;
    }
}
