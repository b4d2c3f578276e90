using System.Data;
using DbUp.Engine;

namespace LexHeller.Api.Features.Privacy;

/// <summary>
/// Migration 0006, in code because it needs the key ring: seals every reporter contact stored in the
/// clear before schema 5 and empties its plaintext columns, inside the migration's transaction.
/// Migration 0007 then drops those columns.
/// </summary>
public sealed class SealExistingReporterContacts(ReporterContactSealer sealer) : IScript
{
    public const string Name = "0006_seal_reporter_contacts";

    private const string SelectPlain = """
        SELECT report_id, name, role, email, phone FROM reporter_contacts
        WHERE sealed_contact IS NULL AND purged_at IS NULL
          AND (name IS NOT NULL OR role IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL)
        """;

    private const string Seal = """
        UPDATE reporter_contacts SET sealed_contact = @SealedContact, has_email = @HasEmail, name = NULL, role = NULL, email = NULL, phone = NULL
        WHERE report_id = @ReportId
        """;

    public string ProvideScript(Func<IDbCommand> dbCommandFactory)
    {
        var rows = new List<(object ReportId, ContactDetails Details)>();
        using (var select = dbCommandFactory())
        {
            select.CommandText = SelectPlain;
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetValue(0), new ContactDetails(Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4))));
            }
        }

        foreach (var (reportId, details) in rows)
        {
            using var update = dbCommandFactory();
            update.CommandText = Seal;
            Add(update, "@SealedContact", sealer.Seal(details));
            Add(update, "@HasEmail", details.Email is not null);
            Add(update, "@ReportId", reportId);
            update.ExecuteNonQuery();
        }

        // What DbUp runs after the code: nothing more is needed.
        return "SELECT 1";
    }

    private static string? Text(IDataRecord record, int ordinal) => record.IsDBNull(ordinal) ? null : record.GetString(ordinal);

    private static void Add(IDbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
