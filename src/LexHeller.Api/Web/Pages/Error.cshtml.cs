using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages;

/// <summary>What a page says when something went wrong: the status code's meaning, in Swedish. Never details of ours.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public void OnGet([FromQuery] int? status) => Describe(status);

    /// <summary>A refused form is re-executed here as a POST; the form itself is never read (it may be the body that was too large).</summary>
    public void OnPost([FromQuery] int? status) => Describe(status);

    private void Describe(int? status)
    {
        // An error status as re-executed from the pipeline; a failure without one is ours (500). Anything
        // else in the address (a visitor typing /fel?status=abc) is the visitor's mistake, not ours.
        var code = status is >= 400 and <= 599 ? status.Value
            : HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null ? StatusCodes.Status500InternalServerError
            : StatusCodes.Status400BadRequest;
        Response.StatusCode = code;
        (Heading, Explanation) = code switch
        {
            StatusCodes.Status400BadRequest => ("Sidan kunde inte visas",
                "Adressen eller formuläret innehöll något som inte gick att använda. Om du skickade ett formulär kan det ha gått ut: gå tillbaka, ladda om sidan och försök igen."),
            StatusCodes.Status403Forbidden => ("Du har inte behörighet", "Du saknar behörighet till den här sidan."),
            StatusCodes.Status404NotFound => ("Sidan finns inte",
                "Kontrollera adressen. Om du följde en länk till ett kvitto kan koden vara fel eller ofullständig."),
            StatusCodes.Status405MethodNotAllowed => ("Sidan kunde inte visas", "Sidan kan inte användas på det sättet."),
            StatusCodes.Status413PayloadTooLarge => ("Formuläret är för stort",
                "Det du skickade var större än tjänsten tar emot. Korta texten och försök igen."),
            StatusCodes.Status429TooManyRequests => ("För många försök",
                "Det har kommit för många förfrågningar från din anslutning på kort tid. Vänta en stund och försök sedan igen: det du skrev finns kvar om du går tillbaka."),
            _ when code >= 500 => ("Något gick fel hos oss",
                "Ingenting du gjorde orsakade felet. Försök igen om en stund. Om du skickade en avvikelse: titta efter ett kvitto innan du skickar igen."),
            _ => ("Sidan kunde inte visas", "Försök igen om en stund."),
        };
    }
}
