namespace LexHeller.Api.Demo;

/// <summary>
/// The identities the demo seed gives memberships to. The development sign-in page offers them;
/// it does not exist in Production, where the organisation's identity provider signs users in.
/// </summary>
public static class DemoIdentities
{
    public static IReadOnlyList<DemoIdentity> All { get; } =
    [
        new(DemoSeed.ReporterEmail, "Rut Rapportör", "Handläggare på Nässjö kommun som lämnar avvikelser", [Roles.Reporter]),
        new(DemoSeed.TriagerEmail, "Tove Beredare", "Ledamot i beredningsgruppen och LSG på Höglandet", [Roles.Triager]),
        new(DemoSeed.ResponderFkEmail, "Frida Försäkringskassan", "Kontaktperson som svarar för Försäkringskassan", [Roles.Responder]),
        new(DemoSeed.ResponderAfEmail, "Arvid Arbetsförmedlingen", "Kontaktperson som svarar för Arbetsförmedlingen", [Roles.Responder]),
        new(DemoSeed.ResponderRegionEmail, "Rebecka Regionen", "Kontaktperson som svarar för Region Jönköpings län", [Roles.Responder]),
        new(DemoSeed.AnalystEmail, "Anders Analytiker", "Analytiker på Samordningsförbundet Höglandet", [Roles.Analyst]),
        new(DemoSeed.AdminEmail, "Alma Administratör", "Administratör för båda förbunden", [Roles.Admin]),
    ];

    /// <summary>The demo's people, as the development sign-in page takes them.</summary>
    public static DemoSignInIdentities SignIn { get; } = new(All);
}
