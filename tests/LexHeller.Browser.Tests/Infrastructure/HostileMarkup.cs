namespace LexHeller.Browser.Tests.Infrastructure;

/// <summary>
/// Text that is markup if a page forgets to escape it, and a probe that tells, from the page's DOM, whether
/// one did. Every vector only sets <c>window.__xss</c> (or opens a dialog) and carries a <c>data-xss</c>
/// attribute, so the probe sees an injection even when a Content-Security-Policy stops the script from running.
/// </summary>
public static class HostileMarkup
{
    /// <summary>
    /// Runs in the page with the texts it must show: lists what markup did (<c>window.__xss</c> set, an element the
    /// texts would inject, a handler attribute, an inline script that names the marker) and each text not shown
    /// literally, as text or as a form field's value. An empty list means the page escaped everything.
    /// </summary>
    private const string Probe = """
        expected => {
          const problems = [];
          if (typeof window.__xss !== 'undefined') problems.push('window.__xss was set to ' + window.__xss);
          const root = document.body || document.documentElement;
          const injected = root.querySelectorAll(
            '[data-xss], img[src="x"], iframe, object, embed, a[href^="javascript:" i], form[action^="javascript:" i]');
          for (const element of injected) problems.push('element injected: ' + element.outerHTML.slice(0, 160));
          for (const script of document.querySelectorAll('script'))
            if (!script.src && script.textContent.includes('__xss')) problems.push('script injected: ' + script.outerHTML.slice(0, 160));
          for (const element of document.querySelectorAll('*'))
            for (const attribute of element.attributes)
              if (/^on/i.test(attribute.name))
                problems.push('handler attribute ' + attribute.name + ' on <' + element.localName + '>: ' + attribute.value.slice(0, 80));
          const text = root.textContent;
          const values = Array.from(document.querySelectorAll('input, textarea, select'), field => field.value);
          for (const literal of expected)
            if (!text.includes(literal) && !values.some(value => value.includes(literal)))
              problems.push('not shown as typed: ' + literal);
          return problems;
        }
        """;

    /// <summary>
    /// A one-line text (under 200 characters, the shortest limit of the names it is stored in) that opens with
    /// <paramref name="label"/>, so that a failure says which field leaked: a script element, an image and an
    /// SVG with handlers, quotes that end an attribute, end tags of the elements text is shown in
    /// (<c>textarea</c>, <c>title</c>), a <c>javascript:</c> link, and an entity that must stay as typed.
    /// </summary>
    public static string For(string label)
    {
        var text = $"{label} <script>__xss=1</script>\"'></textarea></title><img src=x onerror=alert(1) data-xss>"
            + "<svg onload=__xss=1 data-xss><a href=javascript:__xss=1 data-xss>x</a>&lt;b&gt;";
        return text.Length < 200 ? text : throw new InvalidOperationException($"The label {label} makes the text too long for a name.");
    }

    /// <summary>
    /// The most hostile e-mail address the intake's rule accepts: a bare address cannot hold <c>&lt;</c>, <c>&gt;</c>,
    /// <c>"</c> or spaces (<c>EmailRules</c>), but its local part may hold every other special character, among them a
    /// quote that ends a single-quoted attribute and an entity without its semicolon, which must stay as typed.
    /// </summary>
    public static string Email(string label) => $"'&amp`{{x}}|=?#%!*+^~$-{label}@kommun.example";

    /// <summary>What <see cref="Probe"/> found wrong on the page as it is now; empty when nothing.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(this IPage page, IEnumerable<string> expected) =>
        await page.EvaluateAsync<string[]>(Probe, expected.ToArray());
}
