using LexHeller.Api.Features.ReferenceData;

namespace LexHeller.Api.Web;

/// <summary>
/// The association the page being shown belongs to, one per request: its page model says which (the report form's
/// association, the receipt's, the report's, the queue's, the referral's, a statement page's), and the layout names
/// it in the header and links the footer to its own accessibility statement and personal-data notice. A page that
/// belongs to none shows the signed-in user's association when they belong to exactly one; otherwise, and on the
/// error pages, the service's name only.
/// </summary>
public sealed class PageAssociation(IMediator mediator)
{
    private FindAssociation.Association? _association;

    /// <summary>The page belongs to the association <paramref name="code"/>, named <paramref name="name"/>.</summary>
    public void Set(string code, string name) => _association = new FindAssociation.Association(code, name);

    /// <summary>The page belongs to the association <paramref name="query"/> finds: ask only after the page has read that resource itself.</summary>
    public async Task FindAsync(FindAssociation.Query query, CancellationToken cancellationToken)
    {
        if ((await mediator.Send(query, cancellationToken)).Association is { } found)
            _association = found;
    }

    /// <summary>What the layout shows: the page's association, else the signed-in user's only one; null for the service's name only.</summary>
    public async Task<FindAssociation.Association?> ShownAsync(HttpContext context)
    {
        if (_association is not null)
            return _association;
        // An error page says what went wrong and nothing more (and does not ask the database that may be what failed).
        if (context.Response.StatusCode >= StatusCodes.Status400BadRequest || context.User.Identity?.IsAuthenticated != true)
            return null;
        return (await mediator.Send(new FindAssociation.OfCaller(), context.RequestAborted)).Association;
    }

    /// <summary>The query string that gives a page of statements the association's own text: <c>?forbund=code</c>, or nothing.</summary>
    public static string Query(FindAssociation.Association? association) =>
        association is null ? "" : $"?forbund={Uri.EscapeDataString(association.Code)}";
}
