using LexHeller.Api.Infrastructure.Security;

namespace LexHeller.Api.Features.Receipts;

public static class ReceiptsEndpoints
{
    public static RouteGroupBuilder MapReceipts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/receipts").WithTags("Receipts").AllowAnonymous()
            .RequireRateLimiting(RateLimits.Receipts);

        GetReceipt.Map(group);
        PostReceiptMessage.Map(group);
        PostReceiptFeedback.Map(group);
        DeleteReceiptContact.Map(group);
        return group;
    }
}
