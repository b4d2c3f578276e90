using LexHeller.Api.Features.Receipts;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Receipt;

/// <summary>Mitt kvitto: type the receipt code, get its page. The code is posted, not put in a searchable address.</summary>
public sealed class FindReceiptModel() : WebPageModel(new FormFields(new FormField("code", "Code", "Kod")))
{
    [BindProperty]
    public string? Code { get; set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        var code = Code?.Trim();
        if (string.IsNullOrEmpty(code))
            ModelState.AddModelError(nameof(Code), "Skriv in koden från ditt kvitto.");
        else if (!ReceiptTokens.IsWellFormed(code))
            ModelState.AddModelError(nameof(Code), "Koden är inte rätt skriven. Den ska ha 20 bokstäver och siffror, till exempel 7KQ2M-X9DHT-0RWCE-5NBPA. Kontrollera att du fått med hela koden.");
        if (!ModelState.IsValid)
            return Page();

        return Redirect($"/kvitto/{Uri.EscapeDataString(ReceiptTokens.Display(code!))}");
    }
}
