using DbUp.Engine;
using Microsoft.AspNetCore.DataProtection;

namespace LexHeller.Api.Data;

/// <summary>
/// A migration written in code because it needs the key ring (0006 seals the reporter contacts stored in the
/// clear): it runs under <see cref="Name"/> in its place among the numbered scripts. Storage does not know what
/// it does: the part of the application that owns the data registers it, and <see cref="Script"/> makes it for
/// the key ring of the database being migrated.
/// </summary>
public sealed record CodeMigration(string Name, Func<IDataProtectionProvider, ILoggerFactory, IScript> Script);
