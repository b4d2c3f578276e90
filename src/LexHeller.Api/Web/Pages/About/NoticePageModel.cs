using LexHeller.Api.Features.ReferenceData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.About;

/// <summary>
/// A page of the texts each association publishes about the service (<see cref="GetAssociationNotices"/>): with
/// <c>?forbund=code</c> the association's own text, or what it must contain while the association has not written
/// it; without, every association with a link to its text. Open to everyone.
/// </summary>
public abstract class NoticePageModel(IMediator mediator, PageAssociation pageAssociation) : PageModel
{
    /// <summary>Every association, for the page without one named.</summary>
    public IReadOnlyList<GetAssociationNotices.Association> Associations { get; private set; } = [];

    /// <summary>The association named in the address; null when none is.</summary>
    public GetAssociationNotices.Association? Association { get; private set; }

    /// <summary>The association's text, as its administrators wrote it; null until they have.</summary>
    public string? Text => Association is null ? null : TextOf(Association);

    /// <summary>The text of this page's kind.</summary>
    public abstract string? TextOf(GetAssociationNotices.Association association);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "forbund")] string? associationCode, CancellationToken cancellationToken)
    {
        Associations = (await mediator.Send(new GetAssociationNotices.Query(), cancellationToken)).Associations;
        if (string.IsNullOrWhiteSpace(associationCode))
            return Page();

        Association = Associations.FirstOrDefault(association => string.Equals(association.Code, associationCode.Trim(), StringComparison.OrdinalIgnoreCase));
        if (Association is null)
            return NotFound();
        pageAssociation.Set(Association.Code, Association.Name);
        return Page();
    }
}
