using LexHeller.Api.Features.Admin;

namespace LexHeller.Api.Web;

/// <summary>
/// A form's response-template picker (<c>_TemplatePicker.cshtml</c>): a GET form that reloads the page with <c>?mall={id}</c>, which
/// the page puts in <paramref name="Target"/> (works without JavaScript); <c>template-picker.js</c> fills the field at once instead.
/// </summary>
public sealed record TemplatePicker(string Id, string Target, string FieldLabel, string Path, string Anchor, IReadOnlyList<ResponseTemplates.Template> Templates)
{
    public const string Parameter = "mall";

    /// <summary>The template of <paramref name="purpose"/> the address names, if any.</summary>
    public static ResponseTemplates.Template? Chosen(IEnumerable<ResponseTemplates.Template> templates, Guid? chosen, string purpose) =>
        chosen is { } id ? templates.FirstOrDefault(template => template.Id == id && template.Purpose == purpose) : null;
}
