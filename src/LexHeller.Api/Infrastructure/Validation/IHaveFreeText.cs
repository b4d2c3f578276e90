namespace LexHeller.Api.Infrastructure.Validation;

/// <summary>A message whose free-text fields must never hold a personal identity number.</summary>
public interface IHaveFreeText
{
    /// <summary>Each free-text field by its JSON name (<c>description</c>, <c>reporter.role</c>…).</summary>
    IEnumerable<(string Field, string? Text)> FreeText();
}
