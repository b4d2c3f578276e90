using LexHeller.Api.Features.ReferenceData;

namespace LexHeller.Api.Web.Pages.About;

/// <summary>Tillgänglighetsredogörelse: the association's accessibility statement for the service.</summary>
public sealed class AccessibilityStatementModel(IMediator mediator, PageAssociation pageAssociation) : NoticePageModel(mediator, pageAssociation)
{
    public override string? TextOf(GetAssociationNotices.Association association) => association.AccessibilityStatement;
}
