using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LexHeller.Api.Features.Privacy;

/// <summary>A reporter's contact details, as the reporter gave them.</summary>
public sealed record ContactDetails(string? Name, string? Role, string? Email, string? Phone)
{
    public bool IsEmpty => (Name ?? Role ?? Email ?? Phone) is null;
}

/// <summary>
/// Seals a reporter's contact with ASP.NET Core Data Protection (AES-256-CBC with HMACSHA256, keys
/// from the configured key ring) into one opaque text, and opens it again. The database never holds
/// the contact in the clear; whoever copies the database file without the key ring cannot read it.
/// </summary>
public sealed class ReporterContactSealer(IDataProtectionProvider dataProtection, ILogger<ReporterContactSealer> logger)
{
    /// <summary>The Data Protection purpose: changing it makes every sealed contact unreadable.</summary>
    public const string Purpose = "LexHeller.ReporterContact.v1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The Data Protection purpose of a receipt token kept with the contact (ADR 6): apart from the contact's.</summary>
    public const string ReceiptTokenPurpose = "LexHeller.ReceiptToken.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    private readonly IDataProtector _tokenProtector = dataProtection.CreateProtector(ReceiptTokenPurpose);

    /// <summary>Seals a receipt token to keep it with the reporter's contact, for the receipt link in mail to the reporter.</summary>
    public string SealReceiptToken(string token) => _tokenProtector.Protect(token);

    /// <summary>The receipt token, or null when the key ring that sealed it is gone (the mail then links to the page where the code is typed).</summary>
    public string? OpenReceiptToken(Guid reportId, string sealedToken)
    {
        try
        {
            return _tokenProtector.Unprotect(sealedToken);
        }
        catch (CryptographicException exception)
        {
            logger.LogWarning(exception, "The receipt token kept with the contact of report {ReportId} cannot be opened", reportId);
            return null;
        }
    }

    public string Seal(ContactDetails details) => _protector.Protect(JsonSerializer.Serialize(details, Json));

    /// <summary>The contact, or null when the key ring that sealed it is gone (logged as an error: it is lost).</summary>
    public ContactDetails? Open(Guid reportId, string sealedContact)
    {
        try
        {
            return JsonSerializer.Deserialize<ContactDetails>(_protector.Unprotect(sealedContact), Json);
        }
        catch (CryptographicException exception)
        {
            logger.LogError(exception,
                "The reporter contact of report {ReportId} cannot be opened: the Data Protection key that sealed it is missing or the value is damaged",
                reportId);
            return null;
        }
    }
}
