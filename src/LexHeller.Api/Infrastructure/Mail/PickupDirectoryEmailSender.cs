using MimeKit;

namespace LexHeller.Api.Infrastructure.Mail;

/// <summary>
/// Writes each message as an <c>.eml</c> file, named after its Message-ID, into a pickup directory:
/// what development uses when no SMTP host is set, and what a local relay can collect from.
/// </summary>
public sealed class PickupDirectoryEmailSender(string directory) : IEmailSender
{
    public string Directory => directory;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName(message));
        var partial = path + ".partial";

        // Written aside and moved into place, so that a reader never sees half a message.
        message.Prepare(EncodingConstraint.SevenBit);
        await using (var stream = File.Create(partial))
        {
            await message.WriteToAsync(stream, cancellationToken);
        }

        File.Move(partial, path, overwrite: true);
    }

    public static string FileName(MimeMessage message)
    {
        var name = message.MessageId ?? throw new InvalidOperationException("A message needs a Message-ID.");
        foreach (var invalid in Path.GetInvalidFileNameChars())
            name = name.Replace(invalid, '_');
        return name + ".eml";
    }
}
