'use strict';
// A throw-away SMTP server for the notification tests.
//   node smtp-sink.js PORT OUTPUT_FILE
// Listens on 127.0.0.1:PORT (plain SMTP, no TLS, login optional) and appends one JSON line per
// accepted message to OUTPUT_FILE: {"messageId": "<…>", "recipients": ["…"], "subject": "…", "raw": "…"}
// (raw: the whole message as received, for a test that reads its body, e.g. a sign-in link).
// The line is written before the server answers 250, so an accepted message is always recorded.
// Prints "listening PORT" once it accepts connections. A recipient whose local part starts with
// "refused" is refused with 550, quoting the address as real servers do.
const fs = require('node:fs');
const { SMTPServer } = require('smtp-server');

const [portText, output] = process.argv.slice(2);
const port = Number(portText);
if (!Number.isInteger(port) || port <= 0 || !output) {
  console.error('usage: node smtp-sink.js PORT OUTPUT_FILE');
  process.exit(2);
}

function header(rawHeaders, name) {
  const unfolded = rawHeaders.replace(/\r?\n[ \t]+/g, ' ');
  const match = unfolded.match(new RegExp(`^${name}:[ \\t]*(.*)$`, 'im'));
  return match ? match[1].trim() : null;
}

const server = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  authOptional: true,
  logger: false,
  onRcptTo(address, session, callback) {
    if (address.address.toLowerCase().startsWith('refused')) {
      const error = new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`);
      error.responseCode = 550;
      callback(error);
      return;
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('error', callback);
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = raw.split(/\r?\n\r?\n/, 1)[0];
      const record = {
        messageId: header(headers, 'Message-ID'),
        recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
        subject: header(headers, 'Subject'),
        raw,
      };
      try {
        fs.appendFileSync(output, `${JSON.stringify(record)}\n`);
        callback();
      } catch (error) {
        callback(error);
      }
    });
  },
});

server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
