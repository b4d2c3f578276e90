using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LexHeller.Testing;

/// <summary>
/// Bearer tokens signed with the test key that <see cref="LexHellerApiFactory"/> configures through the
/// standard <c>Authentication:Schemes:Bearer</c> section, as <c>dotnet user-jwts</c> would.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "lexheller-tests";
    public const string Audience = "lexheller-tests";

    // 256 bits, base64: the form user-jwts writes into SigningKeys:0:Value.
    public const string SigningKeyBase64 = "bGV4LWhlbGxlci10ZXN0LXNpZ25pbmcta2V5LTI1Ni1iaXRzIQ==";

    public static string For(string role, string email) => Create([new Claim("role", role), new Claim("email", email)]);

    public static string Create(IEnumerable<Claim> claims)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), .. claims]),
            NotBefore = now.AddDays(-400),
            IssuedAt = now.AddDays(-400),
            Expires = now.AddDays(400),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(SigningKeyBase64)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>Signed with another key: must never authenticate.</summary>
    public static string ForgedFor(string role, string email)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("role", role), new Claim("email", email)]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
