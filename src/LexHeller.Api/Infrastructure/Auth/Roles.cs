namespace LexHeller.Api.Infrastructure.Auth;

/// <summary>The roles a user's token carries in its <c>role</c> claims.</summary>
public static class Roles
{
    public const string Reporter = "reporter";
    public const string Triager = "triager";
    public const string Responder = "responder";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    /// <summary>Given to an integration partner authenticated by its API key.</summary>
    public const string IntegrationPartner = "integration-partner";
}

public static class AuthClaims
{
    public const string Role = "role";
    public const string Email = "email";
    public const string PreferredUsername = "preferred_username";
    public const string Subject = "sub";
    public const string ApiClientId = "lh:api_client_id";
    public const string ApiClientName = "lh:api_client_name";
    public const string AssociationId = "lh:association_id";
    public const string PartyId = "lh:party_id";
}
