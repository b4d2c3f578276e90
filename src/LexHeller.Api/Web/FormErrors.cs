using FluentValidation.Results;
using LexHeller.Domain.Privacy;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LexHeller.Api.Web;

/// <summary>
/// One field of a page's form: the request field it feeds (by its JSON name, as the API's problems
/// name it), the form input, the label the user sees, and what to say when it is missing or wrong.
/// </summary>
public sealed record FormField(string RequestField, string Input, string Label, string? Required = null, string? Invalid = null)
{
    /// <summary>The id the error summary links to: the input itself, or the first of a group's inputs.</summary>
    public string Anchor { get; init; } = Input.Replace('.', '_');
}

/// <summary>A form's fields in the order the user meets them.</summary>
public sealed class FormFields(params FormField[] fields)
{
    public IReadOnlyList<FormField> All { get; } = fields;

    public FormField? Find(string requestField)
    {
        var name = requestField.Split('[')[0];
        return All.FirstOrDefault(field => string.Equals(field.RequestField, name, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>
/// Turns what the Mediator pipeline refused (the same validators and rules as the API) into
/// Swedish messages next to the fields, in <see cref="ModelStateDictionary"/>. Messages with no field
/// go under the empty key and lead the error summary.
/// </summary>
public static class FormErrors
{
    public const string PersonalNumberMessage =
        "Texten innehåller ett nummer som ser ut som ett personnummer eller samordningsnummer (ett giltigt datum och en giltig kontrollsiffra). Sådan text tas inte emot, inte ens när numret är något annat. Ta bort numret: en avvikelse får inte kunna peka ut en person.";

    /// <summary>Adds the failure's messages; false when the exception is not a refusal a form can show.</summary>
    public static bool TryAdd(ModelStateDictionary modelState, Exception exception, FormFields fields)
    {
        switch (exception)
        {
            case ValidationException validation:
                foreach (var failure in validation.Errors)
                    AddFieldError(modelState, fields, ProblemExceptionHandler.JsonFieldName(failure.PropertyName), Message(failure, fields));
                return true;
            case PersonalNumberException personalNumber:
                foreach (var field in personalNumber.Fields.Distinct())
                    AddFieldError(modelState, fields, field, PersonalNumberMessage);
                return true;
            case ConflictException conflict:
                modelState.AddModelError("", Conflict(conflict));
                return true;
            case UnprocessableException unprocessable:
                modelState.AddModelError("", $"Det gick inte att genomföra: {unprocessable.Message}");
                return true;
            case IllegalTransitionException illegal:
                modelState.AddModelError("", $"Det går inte just nu: avvikelsen har status \"{Swedish.StatusForStaff(illegal.Decision.From)}\". "
                    + "Sidan visar de åtgärder som går att göra nu.");
                return true;
            case PreconditionFailedException:
                modelState.AddModelError("", "Någon annan har ändrat avvikelsen sedan du öppnade sidan. "
                    + "Sidan visar nu det senaste. Gör om åtgärden om den fortfarande behövs.");
                return true;
            default:
                return false;
        }
    }

    /// <summary>Marks each free-text field in which the domain's guard finds a personal or coordination number.</summary>
    public static void AddPersonalNumbers(ModelStateDictionary modelState, IHaveFreeText message, FormFields fields)
    {
        foreach (var (field, text) in message.FreeText())
        {
            if (PersonalNumberGuard.ContainsPersonalNumber(text) && fields.Find(field) is { } formField)
            {
                modelState.Remove(formField.Input);
                modelState.AddModelError(formField.Input, PersonalNumberMessage);
            }
        }
    }

    private static void AddFieldError(ModelStateDictionary modelState, FormFields fields, string requestField, string message)
    {
        if (fields.Find(requestField) is { } field)
        {
            // One message a field: the first rule that failed says what to do first.
            if (modelState[field.Input] is not { Errors.Count: > 0 })
                modelState.AddModelError(field.Input, message);
        }
        else
        {
            modelState.AddModelError("", "Formuläret kunde inte tas emot som det var. Ladda om sidan och försök igen.");
        }
    }

    private static string Message(ValidationFailure failure, FormFields fields)
    {
        var field = fields.Find(ProblemExceptionHandler.JsonFieldName(failure.PropertyName));
        var label = field?.Label ?? "fältet";
        if (IsMissing(failure.AttemptedValue))
            return field?.Required ?? $"Fyll i {label.ToLower(Swedish.Culture)}.";

        return failure.ErrorCode switch
        {
            "MaximumLengthValidator" or "LengthValidator" =>
                $"{label} får vara högst {failure.FormattedMessagePlaceholderValues?["MaxLength"]} tecken.",
            "EmailValidator" or EmailRules.ErrorCode => "Ange en giltig e-postadress, till exempel namn@kommun.se. Skriv bara adressen, utan namn, mellanslag eller radbrytningar.",
            TextRules.ControlCharactersErrorCode => $"{label} innehåller tecken som inte går att spara. Skriv om texten med vanliga tecken.",
            _ => field?.Invalid ?? $"Kontrollera {label.ToLower(Swedish.Culture)}.",
        };
    }

    private static bool IsMissing(object? value) => value switch
    {
        null => true,
        string text => string.IsNullOrWhiteSpace(text),
        System.Collections.ICollection collection => collection.Count == 0,
        _ => false,
    };

    private static string Conflict(ConflictException conflict) => conflict.Title switch
    {
        ConflictTitles.PartyWithoutContact =>
            "Parten har ingen kontaktperson i Lex Heller, så ingen skulle få frågan. Be en administratör lägga till en kontaktperson för parten.",
        ConflictTitles.AlreadyReferred => "Parten har redan en obesvarad fråga om den här avvikelsen.",
        ConflictTitles.AlreadyAnswered => "Frågan är redan besvarad.",
        ConflictTitles.NoQuestionToAnswer => "Styrgruppen har ingen obesvarad fråga till dig just nu.",
        ConflictTitles.IdempotencyKeyInUse => "Formuläret håller redan på att skickas. Vänta en stund och ladda sedan om sidan.",
        ConflictTitles.NotClosed => "Avvikelsen är inte avslutad. Frågan om svaret ledde till en förbättring ställs när den är avslutad.",
        ConflictTitles.FeedbackGiven => "Du har redan svarat. Svaret kan inte ändras.",
        _ => $"Det gick inte att genomföra: {conflict.Message}",
    };
}
