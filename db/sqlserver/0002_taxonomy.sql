-- The failure-category taxonomy of docs/domain.md#taxonomy with Swedish labels. Administrators may extend it.

INSERT INTO categories (code, label_sv, description_sv, sort_order, is_active) VALUES
    ('conflicting-rules', N'Regelverk som går isär', N'Regler, bedömningar eller definitioner skiljer sig mellan parterna, till exempel arbetsförmåga, åldersgränser eller vilket läkarintyg som krävs.', 10, 1),
    ('catch-22', N'Moment 22', N'Varje parts krav förutsätter att en annan part först har gjort något.', 20, 1),
    ('unreachable', N'Svårt att nå rätt person eller enhet', N'Det saknas kontaktväg, handläggaren är anonym eller det lokala kontoret har stängt.', 30, 1),
    ('handover', N'Brister vid remiss eller överlämning', N'Remiss eller överlämning uteblev eller kom sent, ärendet avslutades utan överlämning eller inget besked kom efter remiss.', 40, 1),
    ('information', N'Information, sekretess och samtycke', N'Dokumentation saknas, eller sekretess eller samtycke hindrar att information delas.', 50, 1),
    ('responsibility-gap', N'Oklart ansvar', N'Ingen part äger frågan och personen skickas runt (rundgång).', 60, 1),
    ('resources', N'Resurser och prioriteringar', N'Kapacitetsbrist, indragna tjänster eller besparingar.', 70, 1),
    ('participation', N'Uteblivet deltagande', N'En part deltar inte eller bryter en överenskommelse.', 80, 1),
    ('organisational-change', N'Omorganisation och personalomsättning', N'En omorganisation eller personalomsättning bröt en fungerande rutin.', 90, 1),
    ('knowledge', N'Kunskap om varandras uppdrag', N'Felaktiga förväntningar eller missförstånd om en annan parts uppdrag.', 100, 1),
    ('waiting-time', N'Väntetider och handläggningstider', N'Långa handläggningstider som hindrar en annan parts arbete.', 110, 1),
    ('other', N'Övrigt', N'Allt annat.', 120, 1);
