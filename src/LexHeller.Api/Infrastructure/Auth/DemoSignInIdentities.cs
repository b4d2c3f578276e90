namespace LexHeller.Api.Infrastructure.Auth;

/// <summary>A person the development sign-in page offers: who they are, what they do, and the roles their sign-in carries.</summary>
public sealed record DemoIdentity(string Email, string Name, string Description, IReadOnlyList<string> Roles);

/// <summary>
/// The identities the development sign-in page (<c>/logga-in/demo</c>) offers. The composition root fills it
/// with the demo seed's people, so that the page knows no seed (docs/architecture.md: pages never reach the demo).
/// </summary>
public sealed class DemoSignInIdentities(IReadOnlyList<DemoIdentity> all)
{
    public IReadOnlyList<DemoIdentity> All => all;

    public DemoIdentity? Find(string? email) =>
        all.FirstOrDefault(identity => string.Equals(identity.Email, email, StringComparison.OrdinalIgnoreCase));
}
