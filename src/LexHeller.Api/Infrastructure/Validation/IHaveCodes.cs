namespace LexHeller.Api.Infrastructure.Validation;

/// <summary>
/// A message that carries codes (an association's, an area's, a category's…): <see cref="Mediator.CanonicalCodesBehavior{TMessage,TResponse}"/>
/// hands its validator and handler the copy this returns, each code in its canonical form (<see cref="Codes.Canonical"/>),
/// however the API body, the route, the page form or the <c>apply</c> file spelled it.
/// </summary>
public interface IHaveCodes
{
    /// <summary>This message, of the same type, with every code it carries made canonical.</summary>
    object WithCanonicalCodes();
}
