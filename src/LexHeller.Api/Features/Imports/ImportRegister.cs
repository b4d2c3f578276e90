using LexHeller.Api.Features.Admin;
using LexHeller.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace LexHeller.Api.Features.Imports;

/// <summary>
/// An administrator imports the association's old register (CSV or XLSX), or first tries it with a dry run that
/// stores nothing. See <see cref="RegisterImport"/> for what is checked and written.
/// </summary>
public static class ImportRegister
{
    /// <remarks>
    /// The file's name is kept in each report's history and the mapping names their columns: <see cref="RunAsync"/> searches both
    /// with the personal-number guard, as it does every cell (the message is not <see cref="IHaveFreeText"/>: its body is a file).
    /// </remarks>
    public sealed record Command(string AssociationCode, byte[] Content, RegisterFile.Format Format, string FileName, string? Mapping, bool DryRun)
        : ICommand<ImportOutcome>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AssociationCode).NotEmpty().MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.FileName).OneLine(RegisterImport.FileNameMaxLength);
            RuleFor(c => c.Mapping).MaximumLength(64 * 1024);
            RuleFor(c => c.Content).NotEmpty().WithMessage("The file is empty.").OverridePropertyName("file");
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, RegisterImport import) : ICommandHandler<Command, ImportOutcome>
    {
        public async ValueTask<ImportOutcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            await AdminAccess.AssociationAsync(session, caller, command.AssociationCode, cancellationToken);
            var target = await session.QuerySingleAsync<ImportTarget>(ImportTarget.ByCode, new { Code = Codes.Canonical(command.AssociationCode) }, cancellationToken);
            return await RunAsync(import, target, command, caller, cancellationToken);
        }
    }

    /// <summary>Reads the file and the mapping, then runs the import; a file or mapping that cannot be used is a 400 on <c>file</c> or <c>mapping</c>.</summary>
    public static async Task<ImportOutcome> RunAsync(RegisterImport import, ImportTarget target, Command command, Caller caller,
        CancellationToken cancellationToken, Action<string>? progress = null)
    {
        foreach (var (field, text) in new[] { ("fileName", command.FileName), ("mapping", command.Mapping) })
        {
            if (Domain.Privacy.PersonalNumberGuard.ContainsPersonalNumber(text))
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure(field,
                    $"The {field} holds a personal identity number (it is not shown here). Nothing was imported.")
                    { CustomState = field == "fileName" ? "Filens namn innehåller ett personnummer. Byt namn på filen och försök igen." : "Mappningen innehåller ett personnummer." }]);
            }
        }

        ImportMapping mapping;
        try
        {
            mapping = ImportMapping.Parse(command.Mapping);
        }
        catch (RegisterFileException invalid)
        {
            throw invalid.ToValidation("mapping");
        }

        if (mapping.Problems().FirstOrDefault() is { } problem)
            throw ValidationFailures.Invalid("mapping", problem);

        try
        {
            var sheet = RegisterFile.Read(command.Content, command.Format);
            return await import.RunAsync(target, sheet, mapping, command.FileName, command.DryRun, caller, cancellationToken, progress);
        }
        catch (RegisterFileException unreadable)
        {
            throw unreadable.ToValidation("file");
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPost("/associations/{code}/imports", Endpoint)
            .WithName("ImportRegister")
            .WithSummary("Import the association's old register (CSV or XLSX), or try it with a dry run")
            .WithDescription("The body is the file: text/csv (UTF-8 with or without a byte order mark; ';' or ',' between values, as the header row shows) "
                + "or an XLSX workbook (its first sheet). The first row names the columns: the template's names "
                + "(GET …/imports/template.csv), or a mapping from our fields to their headers. Every row that cannot be imported is listed "
                + "with its row number as a spreadsheet shows it (the header is row 1), its column and the reason; a personal identity number "
                + "is reported by its cell and never repeated. dryRun=true (the default) stores nothing; dryRun=false imports every row that "
                + "passes, all in one transaction, and none of the refused ones. Rows imported before (by their id column, else by their "
                + "content) are counted as alreadyImported and not imported again. Imported reports keep their dates, status, category, "
                + "answers and resolution, get references in the association's series for the year they came in, and cause no routing, "
                + "mail, receipt or pattern notice. The body may be up to Limits:MaxLargeRequestBodyBytes (10 MiB).")
            .WithMetadata(new LargeRequestBodyAttribute())
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                var file = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The register: a CSV file or an XLSX workbook.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [RegisterFile.CsvContentType] = new() { Schema = file },
                        [RegisterFile.XlsxContentType] = new() { Schema = file },
                    },
                };
                return Task.CompletedTask;
            })
            .Produces<ImportOutcome>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Ok<ImportOutcome>> Endpoint(
        string code,
        [FromQuery, Description("true (the default): check only, store nothing. false: import the rows that pass.")] bool? dryRun,
        [FromQuery, Description("The file's name, kept in each imported report's history (default: register.csv or register.xlsx).")] string? fileName,
        [FromQuery, Description("JSON: {\"columns\": {ourField: theirHeader}, \"categories\": {theirValue: ourCode}}. Our fields are those of the template.")] string? mapping,
        HttpRequest request,
        IMediator mediator,
        CancellationToken cancellationToken)
    {
        var format = RegisterFile.FormatOf(request.ContentType)
            ?? throw new BadHttpRequestException($"Send the file as {RegisterFile.CsvContentType} or {RegisterFile.XlsxContentType}.",
                StatusCodes.Status415UnsupportedMediaType);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var name = string.IsNullOrWhiteSpace(fileName) ? $"register.{(format == RegisterFile.Format.Csv ? "csv" : "xlsx")}" : fileName.Trim();
        return TypedResults.Ok(await mediator.Send(new Command(code, body.ToArray(), format, name, mapping, dryRun ?? true), cancellationToken));
    }
}
