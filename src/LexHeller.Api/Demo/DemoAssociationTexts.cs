namespace LexHeller.Api.Demo;

/// <summary>
/// The demo associations' own texts for the pages <c>/tillganglighet</c> and <c>/personuppgifter</c>, as an
/// association's administrators would write them (plain text; a blank line starts a paragraph). Höglandet has
/// written both; Jönköping neither, so the demo shows the pages an association has not written yet too.
/// </summary>
public static class DemoAssociationTexts
{
    public static string? AccessibilityStatement(string associationCode) =>
        associationCode == DemoSeed.HoglandetCode ? HoglandetAccessibilityStatement : null;

    public static string? PersonalDataNotice(string associationCode) =>
        associationCode == DemoSeed.HoglandetCode ? HoglandetPersonalDataNotice : null;

    private const string HoglandetAccessibilityStatement = """
        Samordningsförbundet Höglandet står bakom Lex Heller, tjänsten där medarbetare i kommunerna på Höglandet, Region Jönköpings län, Försäkringskassan och Arbetsförmedlingen rapporterar när samverkan inte fungerar. Vi vill att så många som möjligt ska kunna använda tjänsten. Här beskriver vi hur tjänsten uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, vilka brister vi känner till och hur du kan meddela oss problem.

        Hur tillgänglig är tjänsten?
        Tjänsten är byggd för att uppfylla WCAG 2.1 på nivå AA. Sidorna går att använda med bara tangentbord och med skärmläsare, och de granskas automatiskt med verktyget axe. Vi känner till en brist: diagrammen på sidan Statistik är bilder. Samma siffror finns i tabellerna på samma sida.

        Vad kan du göra om du inte kan använda delar av tjänsten?
        Om du behöver innehåll från tjänsten i ett annat format, eller vill lämna en avvikelse på något annat sätt, kontakta förbundets kansli:
        E-post: kansliet@hoglandet.example
        Vi svarar inom fem arbetsdagar.

        Rapportera brister i tjänstens tillgänglighet
        Om du upptäcker problem som inte beskrivs här, eller om du tycker att vi inte uppfyller lagens krav, skriv till kansliet@hoglandet.example så att vi får veta att problemet finns.

        Tillsyn
        Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det: https://www.digg.se

        Hur vi har testat tjänsten
        Vi har själva granskat tjänsten, med automatiska tester och genom att gå igenom sidorna med tangentbord och skärmläsare. Redogörelsen uppdaterades senast den 1 december 2026.
        """;

    private const string HoglandetPersonalDataNotice = """
        Samordningsförbundet Höglandet är personuppgiftsansvarigt för de personuppgifter som behandlas i Lex Heller, förbundets tjänst för avvikelser i samverkan.

        Vilka uppgifter behandlar vi?
        En avvikelse ska inte innehålla något som kan peka ut den person som den gäller, och tjänsten tar inte emot text med personnummer. Om du vill kan du lämna ditt namn, din roll, din e-postadress och ditt telefonnummer, så att styrgruppen kan ställa frågor till dig och ge dig besked. Loggar du in behandlas också din e-postadress och ditt namn från inloggningen.

        Varför behandlar vi uppgifterna?
        Uppgifterna behandlas för att styrgruppen ska kunna utreda avvikelsen, ställa följdfrågor och berätta vad som har hänt. Behandlingen är nödvändig för att förbundet ska kunna utföra sitt uppdrag enligt lagen (2003:1210) om finansiell samordning av rehabiliteringsinsatser.

        Vem ser uppgifterna?
        Dina kontaktuppgifter sparas skilda från avvikelsen och visas för styrgruppen. De visas också för de parter som ombeds svara, om du inte har valt att de inte ska se dem. Den som tar fram statistik ser aldrig vem som har lämnat en avvikelse. Varje gång någon öppnar dina kontaktuppgifter loggas det.

        Hur länge sparas uppgifterna?
        Dina kontaktuppgifter tas bort tolv månader efter att avvikelsen har avslutats. Avvikelsen sparas enligt förbundets dokumenthanteringsplan.

        Dina rättigheter
        Du har rätt att få veta vilka uppgifter vi har om dig och att få felaktiga uppgifter rättade, och i vissa fall att få uppgifter raderade eller behandlingen begränsad. Kontakta kansliet@hoglandet.example. Förbundets dataskyddsombud når du på dataskyddsombud@hoglandet.example.

        Om du anser att vi behandlar dina personuppgifter felaktigt kan du klaga hos Integritetsskyddsmyndigheten (IMY): https://www.imy.se
        """;
}
