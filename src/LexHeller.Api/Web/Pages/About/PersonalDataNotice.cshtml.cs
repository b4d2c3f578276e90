using LexHeller.Api.Features.ReferenceData;

namespace LexHeller.Api.Web.Pages.About;

/// <summary>Personuppgifter: how the association processes the personal data given in the service.</summary>
public sealed class PersonalDataNoticeModel(IMediator mediator, PageAssociation pageAssociation) : NoticePageModel(mediator, pageAssociation)
{
    public override string? TextOf(GetAssociationNotices.Association association) => association.PersonalDataNotice;
}
