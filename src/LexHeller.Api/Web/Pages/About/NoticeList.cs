using LexHeller.Api.Features.ReferenceData;

namespace LexHeller.Api.Web.Pages.About;

/// <summary>The associations a statement page lists without one named: each with a link to its own text at <paramref name="Path"/>, and whether it has written it.</summary>
public sealed record NoticeList(string Path, IReadOnlyList<(GetAssociationNotices.Association Association, bool Published)> Associations);
