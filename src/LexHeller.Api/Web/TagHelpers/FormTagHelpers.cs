using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LexHeller.Api.Web.TagHelpers;

/// <summary>
/// Ties a form control to its hint and its error for assistive technology: <c>aria-describedby</c>
/// names the hint (<c>{id}-hint</c>) and, when the field has an error, the error (<c>{id}-error</c>),
/// and <c>aria-invalid</c> is set. <c>lh-field</c> is the field's model-state key.
/// </summary>
[HtmlTargetElement("input", Attributes = FieldAttribute)]
[HtmlTargetElement("textarea", Attributes = FieldAttribute)]
[HtmlTargetElement("select", Attributes = FieldAttribute)]
[HtmlTargetElement("fieldset", Attributes = FieldAttribute)]
public sealed class DescribedFieldTagHelper : TagHelper
{
    private const string FieldAttribute = "lh-field";

    [HtmlAttributeName(FieldAttribute)]
    public string Field { get; set; } = "";

    /// <summary>Whether the field has a hint with id <c>{id}-hint</c>.</summary>
    [HtmlAttributeName("lh-hint")]
    public bool HasHint { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    // After asp-for, which sets the id this helper builds on.
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var id = FieldIds.Of(Field);
        var describedBy = new List<string>();
        if (HasHint)
            describedBy.Add(id + "-hint");
        if (FieldIds.HasErrors(ViewContext, Field))
        {
            describedBy.Add(id + "-error");
            if (output.TagName != "fieldset")
                output.Attributes.SetAttribute("aria-invalid", "true");
            output.AddClass("invalid", HtmlEncoder.Default);
        }

        if (describedBy.Count > 0)
            output.Attributes.SetAttribute("aria-describedby", string.Join(' ', describedBy));
    }
}

/// <summary>The field's errors in Swedish, with id <c>{id}-error</c>; nothing when it has none.</summary>
[HtmlTargetElement("lh-error", Attributes = "for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    [HtmlAttributeName("for")]
    public string For { get; set; } = "";

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var errors = FieldIds.Errors(ViewContext, For);
        if (errors.Count == 0)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("id", FieldIds.Of(For) + "-error");
        output.Attributes.SetAttribute("class", "field-error");
        output.Content.AppendHtml("<span class=\"visually-hidden\">Fel: </span>");
        output.Content.Append(string.Join(" ", errors));
    }
}

/// <summary>
/// The error summary at the top of a form (GOV.UK's pattern, as WCAG 3.3.1 asks): a heading, and
/// each error as a link to its field, in the order of <see cref="Fields"/>. Messages without a field lead.
/// </summary>
[HtmlTargetElement("lh-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper : TagHelper
{
    [HtmlAttributeName("fields")]
    public FormFields Fields { get; set; } = new();

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var modelState = ViewContext.ViewData.ModelState;
        if (modelState.IsValid)
        {
            output.SuppressOutput();
            return;
        }

        var general = FieldIds.Errors(ViewContext, "");
        var order = Fields.All.Select(field => field.Input).ToList();
        var byField = modelState
            .Where(entry => entry.Key.Length > 0 && entry.Value is { Errors.Count: > 0 })
            .Select(entry => (Key: entry.Key, Messages: entry.Value!.Errors.Select(error => error.ErrorMessage).Distinct().ToList(),
                Field: Fields.All.FirstOrDefault(field => field.Input == entry.Key)))
            .OrderBy(entry => order.IndexOf(entry.Key) is var index and >= 0 ? index : int.MaxValue)
            .ToList();

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "error-summary");
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Attributes.SetAttribute("aria-labelledby", "error-summary-title");
        output.Attributes.SetAttribute("data-error-summary", "");
        var html = output.Content;
        html.AppendHtml("<h2 id=\"error-summary-title\">Det finns fel att rätta</h2><ul>");
        foreach (var message in general)
            html.AppendHtml("<li>").Append(message).AppendHtml("</li>");
        foreach (var (key, messages, field) in byField)
        {
            var anchor = field?.Anchor ?? FieldIds.Of(key);
            foreach (var message in messages)
            {
                html.AppendHtml($"<li><a href=\"#{HtmlEncoder.Default.Encode(anchor)}\">").Append(message).AppendHtml("</a></li>");
            }
        }

        html.AppendHtml("</ul>");
    }
}

internal static class FieldIds
{
    /// <summary>The id ASP.NET Core gives the input for a model-state key: <c>Input.Description</c> → <c>Input_Description</c>.</summary>
    public static string Of(string key) => TagBuilder.CreateSanitizedId(key, "_");

    public static bool HasErrors(ViewContext context, string key) =>
        context.ViewData.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    public static IReadOnlyList<string> Errors(ViewContext context, string key) =>
        context.ViewData.ModelState.TryGetValue(key, out var entry)
            ? [.. entry.Errors.Select(error => error.ErrorMessage).Distinct()]
            : [];
}
