import type { AddressInfo } from "node:net";
import type { CaughtMail } from "@shopguide/core/mail";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** Bigger mails are refused; ours are a few kilobytes. */
const MAX_MAIL_BYTES = 1024 * 1024;

/** Headers a reviewer checks in the catcher: the one-click unsubscribe pair. */
const KEPT_HEADERS = ["list-unsubscribe", "list-unsubscribe-post"];

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>`; add `user:pass@` to name a mailbox. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * The local SMTP server `npm start` and the tests send mail to, with the very code that sends through SES in
 * the cloud (Mail.send). It listens on 127.0.0.1 only, accepts any sender and recipient, parses each mail
 * and hands it to `store`, one call per recipient, before answering 250: once a send resolves, the mail is
 * listed. `mailbox` is the SMTP AUTH user name when the sender gave one (tests: their own table).
 */
export async function startMailCatcher(
  store: (mail: CaughtMail, mailbox: string | undefined) => Promise<void>,
): Promise<MailCatcher> {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_MAIL_BYTES,
    logger: false,
    banner: "shopguide local mail catcher",
    onAuth(auth, _session, done) {
      done(null, { user: auth.username });
    },
    onData(stream, session, done) {
      simpleParser(stream)
        .then(async (parsed) => {
          const headers: Record<string, string> = {};
          for (const name of KEPT_HEADERS) {
            const line = parsed.headerLines.find((header) => header.key === name);
            if (line) headers[name] = line.line.slice(line.line.indexOf(":") + 1).trim();
          }
          const at = new Date().toISOString();
          const mailbox = typeof session.user === "string" ? session.user : undefined;
          for (const recipient of session.envelope.rcptTo) {
            await store(
              {
                to: recipient.address.toLowerCase(),
                subject: parsed.subject ?? "",
                text: parsed.text ?? "",
                html: typeof parsed.html === "string" ? parsed.html : "",
                at,
                headers,
              },
              mailbox,
            );
          }
        })
        .then(
          () => done(),
          (error: Error) => done(error),
        );
    },
  });
  await new Promise<void>((listening, failed) => {
    server.once("error", failed);
    server.listen(0, "127.0.0.1", () => listening());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
