using System.Globalization;
using System.Text.Json;
using System.Text;
using MiniExcelLibs;

namespace LexHeller.Api.Tests.Imports;

/// <summary>
/// A realistic old register of Höglandet, as an association kept it in a spreadsheet from 2016 on: a few hundred rows
/// with Swedish letters, Excel's date forms (ISO text, a time after the date, serial numbers, and in XLSX date cells),
/// empty cells, several categories (codes, labels and one of their own, mapped) and statuses, parties' answers, and
/// a few planted problems: personal numbers from the fixtures, an unknown area, party and category, a bad date, a
/// missing and a too long text. <see cref="Planted"/> is exactly what the import must refuse.
/// </summary>
internal sealed class GeneratedRegister
{
    public const int RowCount = 320;

    /// <summary>Their own category, which the category mapping sends to responsibility-gap.</summary>
    public const string OwnCategory = "Rundgång";

    public static readonly string CategoryMappingJson = JsonSerializer.Serialize(new { categories = new Dictionary<string, string> { [OwnCategory] = "responsibility-gap" } });

    /// <summary>An extra column of their own that no field reads (it is still searched for personal numbers).</summary>
    public const string NoteHeader = "anteckning";

    public static readonly string[] Headers =
    [
        "id", "handelsedatum", "inkom", "omrade", "rapporterande_part", "berorda_parter", "kategori", "typ", "beskrivning", "konsekvens",
        "atgarder", "forslag", "status", "utfall", "avslutad", "svar_part", "svar", "svar_datum", "styrgruppens_besked", NoteHeader,
    ];

    /// <summary>The same register's own headers, for the mapping test: our field → their header.</summary>
    public static readonly Dictionary<string, string> TheirHeaders = new()
    {
        ["externalId"] = "Löpnummer", ["eventDate"] = "Datum för händelsen", ["receivedDate"] = "Inkom till förbundet", ["area"] = "Kommun",
        ["reporterParty"] = "Rapportör (organisation)", ["involvedParties"] = "Berörda organisationer", ["category"] = "Typ av brist",
        ["kind"] = "Händelse eller risk", ["description"] = "Vad hände?", ["consequence"] = "Följd för individen", ["actionsTaken"] = "Vidtagna åtgärder",
        ["suggestedImprovement"] = "Förbättringsförslag", ["status"] = "Läge", ["resolution"] = "Utfall", ["closedDate"] = "Avslutad datum",
        ["answerParty"] = "Svar från", ["answer"] = "Svarstext", ["answeredDate"] = "Svarsdatum", ["closingWord"] = "Besked till rapportören",
    };

    private static readonly (string Code, string Name)[] Areas = [("aneby", "Aneby"), ("eksjo", "Eksjö"), ("nassjo", "Nässjö"), ("savsjo", "Sävsjö"), ("tranas", "Tranås"), ("vetlanda", "Vetlanda")];
    private static readonly string[] OtherParties = ["Region Jönköpings län", "Försäkringskassan", "Arbetsförmedlingen"];
    private static readonly string[] Categories = ["handover", "Moment 22", "Svårt att nå rätt person eller enhet", "waiting-time", OwnCategory, "Information, sekretess och samtycke"];

    public sealed record Row(int Number, Dictionary<string, object?> Cells)
    {
        public string? Id => Cells["id"] as string;
    }

    /// <summary>A planted problem: the row, the column (header) and what the reason must say.</summary>
    public sealed record Problem(int Row, string Column, string ReasonContains);

    public List<Row> Rows { get; } = [];

    public List<Problem> Planted { get; } = [];

    /// <summary>The personal numbers planted (as written in the cells): never to be echoed.</summary>
    public List<string> PlantedNumbers { get; } = [];

    public GeneratedRegister(DateOnly today)
    {
        var random = new Random(18);
        var numbers = Fixtures.PersonalNumbersToReject();
        var start = new DateOnly(2016, 1, 4);
        var span = today.AddDays(-60).DayNumber - start.DayNumber;
        for (var number = 2; number < RowCount + 2; number++)
        {
            var happened = start.AddDays((int)((long)span * (number - 2) / RowCount) + random.Next(0, 5));
            var received = happened.AddDays(random.Next(0, 12));
            var area = Areas[random.Next(Areas.Length)];
            var municipality = $"{area.Name} kommun";
            var other = OtherParties[random.Next(OtherParties.Length)];
            var reporterIsMunicipality = random.Next(2) == 0;
            var category = Categories[random.Next(Categories.Length)];
            var statusRoll = random.Next(10);
            var cells = new Dictionary<string, object?>
            {
                ["id"] = number % 7 == 0 ? null : $"{happened.Year}-{number:D3}",
                ["handelsedatum"] = happened,
                ["inkom"] = number % 5 == 0 ? null : received,
                ["omrade"] = number % 3 == 0 ? area.Code : area.Name,
                ["rapporterande_part"] = reporterIsMunicipality ? municipality : other,
                ["berorda_parter"] = number % 4 == 0 ? $"{(reporterIsMunicipality ? other : municipality)}; Försäkringskassan" : reporterIsMunicipality ? other : municipality,
                ["kategori"] = category,
                ["typ"] = (number % 6) switch { 0 => null, 1 => "Risk", _ => "Inträffat" },
                ["beskrivning"] = Description(number, area.Name, random),
                ["konsekvens"] = "Personen fick vänta på sin insats och fick upprepa sin berättelse för flera handläggare på olika myndigheter.",
                ["atgarder"] = number % 3 == 1 ? null : "Samordnaren har kontaktat enhetscheferna på båda sidor.",
                ["forslag"] = number % 2 == 0 ? "Gemensam rutin för överlämning, där mottagaren kvitterar inom en vecka." : null,
                ["status"] = null,
                ["utfall"] = null,
                ["avslutad"] = null,
                ["svar_part"] = null,
                ["svar"] = null,
                ["svar_datum"] = null,
                ["styrgruppens_besked"] = null,
                [NoteHeader] = number % 11 == 0 ? "Togs upp på LSG-mötet i Eksjö." : null,
            };
            var answerer = reporterIsMunicipality ? other : municipality;
            var closedOn = received.AddDays(random.Next(20, 90));
            if (closedOn > today)
                closedOn = today;
            switch (statusRoll)
            {
                case < 5:
                    cells["status"] = "Avslutad";
                    cells["utfall"] = statusRoll < 3 ? "Besvarad" : "resolved-locally";
                    cells["avslutad"] = closedOn;
                    cells["styrgruppens_besked"] = "Styrgruppen har tagit del av svaret och följer upp rutinen om ett halvår.";
                    if (statusRoll < 3)
                    {
                        cells["svar_part"] = answerer;
                        cells["svar"] = $"Överlämningen brast när handläggaren på {answerer} bytte enhet. Vi har infört kvittens av remisser.";
                        cells["svar_datum"] = received.AddDays(random.Next(5, 19));
                    }

                    break;
                case 5:
                    cells["status"] = "Besvarad";
                    cells["svar_part"] = answerer;
                    cells["svar"] = "Vi känner igen problemet och ser över våra kontaktvägar.";
                    cells["svar_datum"] = received.AddDays(3);
                    break;
                case 6:
                    cells["status"] = "in-triage";
                    break;
                case 7:
                    cells["status"] = "Under beredning";
                    break;
                default:
                    cells["status"] = number % 2 == 0 ? "Mottagen" : null;
                    break;
            }

            Rows.Add(new Row(number, cells));
        }

        // The planted problems, each on a row of its own but for the one that earns two reasons.
        Plant(17, "beskrivning", numbers[0], "personal identity number");
        Plant(41, NoteHeader, numbers[1], "personal identity number");
        Plant(77, "konsekvens", numbers[2], "personal identity number");
        Rows[77 - 2].Cells["omrade"] = "Habo";
        Planted.Add(new Problem(77, "omrade", "Unknown area 'Habo'"));
        Plant(160, "svar", numbers[3], "personal identity number", cell => { cell["svar_part"] = "Försäkringskassan"; cell["status"] = "Besvarad"; cell["utfall"] = null; cell["avslutad"] = null; });
        Plant(203, "id", numbers[4].Split('(', ')')[1], "personal identity number");
        Rows[110 - 2].Cells["berorda_parter"] = "Vårdcentralen Öster";
        Planted.Add(new Problem(110, "berorda_parter", "Unknown party 'Vårdcentralen Öster'"));
        Rows[125 - 2].Cells["kategori"] = "Felaktig fakturering";
        Planted.Add(new Problem(125, "kategori", "Unknown category 'Felaktig fakturering'"));
        Rows[150 - 2].Cells["handelsedatum"] = "4/3/2019";
        Planted.Add(new Problem(150, "handelsedatum", "'4/3/2019' is not a date"));
        Rows[222 - 2].Cells["beskrivning"] = null;
        Planted.Add(new Problem(222, "beskrivning", "required"));
        Rows[250 - 2].Cells["beskrivning"] = new string('å', 4001);
        Planted.Add(new Problem(250, "beskrivning", "4001 characters long"));
    }

    private void Plant(int row, string column, string text, string reason, Action<Dictionary<string, object?>>? also = null)
    {
        Rows[row - 2].Cells[column] = text;
        also?.Invoke(Rows[row - 2].Cells);
        PlantedNumbers.Add(text.Contains('(') ? text.Split('(', ')')[1] : text);
        Planted.Add(new Problem(row, column, reason));
    }

    private static string Description(int number, string area, Random random)
    {
        var text = new StringBuilder($"Rad {number}. I {area} remitterades en person mellan kommunens socialtjänst och ");
        text.Append(random.Next(2) == 0 ? "Försäkringskassan" : "Arbetsförmedlingen");
        text.Append(", men ingen av dem tog över ansvaret. Personen hänvisades fram och tillbaka i flera veckor, "
            + "och handläggarna på de båda sidorna visste inte vem som ägde frågan. Ärendet blev liggande när handläggaren på "
            + "kommunen slutade, och ingen fick veta att det saknade mottagare. Först när samordnaren på förbundet frågade efter "
            + "planen kom det fram att den aldrig hade skickats vidare. Mötet om en samordnad individuell plan ställdes in två gånger, "
            + "och läkarintyget som Försäkringskassan begärde kunde inte skrivas förrän vårdcentralen hade fått remissen. ");
        text.Append("Så här har det varit förr också, och det är därför det förs in i registret: mönstret återkommer när personal byts. ");
        text.Append("Ytterligare beskrivning: ").Append(string.Join(' ', Enumerable.Repeat("överlämning kvittens ansvar", random.Next(2, 6))));
        return text.ToString();
    }

    /// <summary>
    /// As CSV the way Swedish Excel saves it: ';' between values, quotes where needed, CRLF, UTF-8 with a byte order mark.
    /// Dates as ISO text, every ninth with a time after it and every thirteenth as an Excel serial number.
    /// </summary>
    public byte[] ToCsv(IReadOnlyList<string>? headers = null, char separator = ';')
    {
        var text = new StringBuilder();
        text.Append(string.Join(separator, (headers ?? Headers).Select(header => Quote(header, separator)))).Append("\r\n");
        foreach (var row in Rows)
        {
            text.Append(string.Join(separator, Headers.Select(header => Quote(CsvText(row, row.Cells[header]), separator)))).Append("\r\n");
        }

        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string CsvText(Row row, object? value) => value switch
    {
        null => "",
        DateOnly date when row.Number % 13 == 0 => date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture),
        DateOnly date when row.Number % 9 == 0 => date.ToDateTime(TimeOnly.MinValue).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static string Quote(string value, char separator) =>
        value.AsSpan().IndexOfAny(['"', '\r', '\n', separator]) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>As an XLSX workbook written by MiniExcel: dates as date cells, every thirteenth as a plain serial number.</summary>
    public byte[] ToXlsx(IReadOnlyDictionary<string, string>? renamed = null)
    {
        var rows = Rows.Select(row => Headers.ToDictionary(
            header => renamed?.GetValueOrDefault(header) ?? header,
            header => row.Cells[header] switch
            {
                DateOnly date when row.Number % 13 == 0 => (object?)date.ToDateTime(TimeOnly.MinValue).ToOADate(),
                DateOnly date => date.ToDateTime(TimeOnly.MinValue),
                var other => other,
            })).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(rows);
        return stream.ToArray();
    }

    /// <summary>Our template header → their header, for <see cref="ToXlsx"/> with their own headers.</summary>
    public static IReadOnlyDictionary<string, string> TheirHeaderByTemplateHeader() =>
        TheirHeaders.ToDictionary(pair => LexHeller.Api.Features.Imports.ImportMapping.Fields.Single(field => field.Name == pair.Key).Header, pair => pair.Value);
}
