using LexHeller.Api.Features.Imports;
using LexHeller.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// The upload of an association's old register (<see cref="ImportRegister"/>), for its administrators: a dry run that
/// lists every row it would refuse, then the import. The template comes from the page too (the API's needs a token).
/// </summary>
[Authorize]
[LargeRequestBody]
public sealed class ImportModel(IMediator mediator) : WebPageModel(ImportFields)
{
    public const string DryRunMode = "provkor";
    public const string ImportMode = "importera";

    private static readonly FormFields ImportFields = new(
        new FormField("file", "Fil", "Fil", "Välj registerfilen (CSV eller Excel)."),
        new FormField("fileName", "Fil", "Fil"),
        new FormField("mode", "Lage", "Vad vill du göra?", "Välj provkörning eller import."));

    public string Code { get; private set; } = "";

    [BindProperty]
    public IFormFile? Fil { get; set; }

    [BindProperty]
    public string? Lage { get; set; } = DryRunMode;

    /// <summary>What the last run found or did; null before the first.</summary>
    public ImportOutcome? Outcome { get; private set; }

    public string? FileName { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        // Only the association's administrators see the page: the template's query checks it (403, or 404 for no such association).
        await mediator.Send(new GetImportTemplate.Query(code), cancellationToken);
        Code = code;
        return Page();
    }

    public async Task<IActionResult> OnGetMallAsync(string code, CancellationToken cancellationToken)
    {
        var csv = await mediator.Send(new GetImportTemplate.Query(code), cancellationToken);
        return File([.. System.Text.Encoding.UTF8.Preamble, .. System.Text.Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", "importmall.csv");
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        Code = code;
        var format = RegisterFile.FormatOfFileName(Fil?.FileName) ?? RegisterFile.FormatOf(Fil?.ContentType);
        if (Fil is null || Fil.Length == 0)
            ModelState.AddModelError(nameof(Fil), "Välj registerfilen (CSV eller Excel).");
        else if (format is null)
            ModelState.AddModelError(nameof(Fil), "Välj en fil av typen CSV (.csv) eller Excel (.xlsx).");
        if (Lage is not (DryRunMode or ImportMode))
            ModelState.AddModelError(nameof(Lage), "Välj provkörning eller import.");
        if (!ModelState.IsValid)
        {
            await mediator.Send(new GetImportTemplate.Query(code), cancellationToken);
            return Page();
        }

        using var content = new MemoryStream();
        await Fil!.CopyToAsync(content, cancellationToken);
        FileName = Path.GetFileName(Fil.FileName);
        var command = new ImportRegister.Command(code, content.ToArray(), format!.Value, FileName, null, Lage == DryRunMode);
        try
        {
            Outcome = await mediator.Send(command, cancellationToken);
        }
        catch (ValidationException refused)
        {
            foreach (var failure in refused.Errors)
                ModelState.AddModelError(nameof(Fil), failure.CustomState as string ?? "Filen gick inte att importera. Kontrollera att den följer mallen.");
        }

        return Page();
    }
}
