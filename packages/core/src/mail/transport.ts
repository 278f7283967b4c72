import type { Transporter } from "nodemailer";
import { config } from "../config";
import type { Outgoing } from "./schema";

/** The one-click unsubscribe headers (RFC 8058) on everything that is not strictly transactional. */
export function headersOf(mail: Outgoing): Record<string, string> {
  return mail.transactional
    ? {}
    : {
        "List-Unsubscribe": `<${mail.unsubscribeUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      };
}

let smtp: Promise<Transporter> | undefined;

/** Nodemailer over SMTP: the local catcher under `npm start` and in tests. Loaded on first use only. */
async function viaSmtp(mail: Outgoing): Promise<void> {
  const url = config().smtpUrl;
  if (!url) throw new Error("SHOPGUIDE_SMTP_URL is not set");
  smtp ??= import("nodemailer").then(({ createTransport }) =>
    // The local catcher speaks plain SMTP on 127.0.0.1; a real relay would be smtps:// or STARTTLS.
    createTransport(url, { from: config().mailFrom }),
  );
  await (await smtp).sendMail({
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: headersOf(mail),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the SES client is imported lazily; its type stays in the import
let ses: Promise<{ client: any; SendEmailCommand: any }> | undefined;

/** Amazon SES (v2 API) in the cloud, with the configuration set whose events feed the suppression list. */
async function viaSes(mail: Outgoing): Promise<void> {
  ses ??= import("@aws-sdk/client-sesv2").then(({ SESv2Client, SendEmailCommand }) => ({
    client: new SESv2Client({ region: config().region }),
    SendEmailCommand,
  }));
  const { client, SendEmailCommand } = await ses;
  const headers = Object.entries(headersOf(mail)).map(([Name, Value]) => ({ Name, Value }));
  await client.send(
    new SendEmailCommand({
      FromEmailAddress: config().mailFrom,
      Destination: { ToAddresses: [mail.to] },
      ConfigurationSetName: config().sesConfigurationSet,
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: "UTF-8" },
          Body: { Text: { Data: mail.text, Charset: "UTF-8" }, Html: { Data: mail.html, Charset: "UTF-8" } },
          ...(headers.length > 0 ? { Headers: headers } : {}),
        },
      },
    }),
  );
}

/** Hands one mail to the configured transport; false when none is configured. */
export async function deliver(mail: Outgoing): Promise<boolean> {
  const transport = config().mailTransport;
  if (transport === "none") return false;
  await (transport === "ses" ? viaSes(mail) : viaSmtp(mail));
  return true;
}
