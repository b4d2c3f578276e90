-- The failure-category taxonomy of docs/domain.md#taxonomy with Swedish labels. Administrators may extend it.

INSERT INTO categories (code, label_sv, description_sv, sort_order, is_active) VALUES
    ('conflicting-rules', 'Regelverk som går isär', 'Regler, bedömningar eller definitioner skiljer sig mellan parterna, till exempel arbetsförmåga, åldersgränser eller vilket läkarintyg som krävs.', 10, 1),
    ('catch-22', 'Moment 22', 'Varje parts krav förutsätter att en annan part först har gjort något.', 20, 1),
    ('unreachable', 'Svårt att nå rätt person eller enhet', 'Det saknas kontaktväg, handläggaren är anonym eller det lokala kontoret har stängt.', 30, 1),
    ('handover', 'Brister vid remiss eller överlämning', 'Remiss eller överlämning uteblev eller kom sent, ärendet avslutades utan överlämning eller inget besked kom efter remiss.', 40, 1),
    ('information', 'Information, sekretess och samtycke', 'Dokumentation saknas, eller sekretess eller samtycke hindrar att information delas.', 50, 1),
    ('responsibility-gap', 'Oklart ansvar', 'Ingen part äger frågan och personen skickas runt (rundgång).', 60, 1),
    ('resources', 'Resurser och prioriteringar', 'Kapacitetsbrist, indragna tjänster eller besparingar.', 70, 1),
    ('participation', 'Uteblivet deltagande', 'En part deltar inte eller bryter en överenskommelse.', 80, 1),
    ('organisational-change', 'Omorganisation och personalomsättning', 'En omorganisation eller personalomsättning bröt en fungerande rutin.', 90, 1),
    ('knowledge', 'Kunskap om varandras uppdrag', 'Felaktiga förväntningar eller missförstånd om en annan parts uppdrag.', 100, 1),
    ('waiting-time', 'Väntetider och handläggningstider', 'Långa handläggningstider som hindrar en annan parts arbete.', 110, 1),
    ('other', 'Övrigt', 'Allt annat.', 120, 1);
