import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Mail } from "./index";

const someone = () => `mail_${randomUUID().slice(0, 8)}@example.test`;
const rendered = Mail.render({
  subject: "Hello",
  greeting: "Hi <Sam>,",
  paragraphs: ["One line & another."],
  action: { label: "Open", url: Mail.tokenLink("/somewhere", "tok123") },
  footer: "Footer.",
});

describe("Mail.send over SMTP into the local catcher", () => {
  it("sends one event once, however many deliveries race or retry", async () => {
    const to = someone();
    const eventId = `test:${randomUUID()}`;
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => Mail.send({ ...rendered, to, eventId, transactional: true })),
    );
    expect(outcomes.filter((outcome) => outcome === "sent")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "duplicate")).toHaveLength(4);
    expect(await Mail.send({ ...rendered, to, eventId, transactional: true })).toBe("duplicate");

    const caught = await Mail.caught(to);
    expect(caught).toHaveLength(1);
    expect(caught[0]).toMatchObject({ to, subject: "Hello · shopguide" });
    expect(caught[0]?.text).toContain("Open: http://localhost:3000/somewhere?token=tok123");
    expect(caught[0]?.html).toContain("Hi &#60;Sam&#62;,");
    expect(caught[0]?.html).not.toMatch(/<img/i);
    // Transactional mail carries no unsubscribe.
    expect(caught[0]?.headers).toEqual({});
  });

  it("puts the one-click unsubscribe on mail that is not transactional", async () => {
    const to = someone();
    const unsubscribeUrl = "http://localhost:3000/api/v1/unsubscribe?token=abc";
    await Mail.send({
      ...rendered,
      to,
      eventId: `test:${randomUUID()}`,
      transactional: false,
      unsubscribeUrl,
    });
    const [mail] = await Mail.caught(to);
    expect(mail?.headers).toEqual({
      "list-unsubscribe": `<${unsubscribeUrl}>`,
      "list-unsubscribe-post": "List-Unsubscribe=One-Click",
    });
  });

  it("sends nothing to a suppressed address", async () => {
    const to = someone();
    await Mail.suppress(to, "bounce");
    expect(await Mail.send({ ...rendered, to, eventId: `test:${randomUUID()}`, transactional: true })).toBe(
      "suppressed",
    );
    expect(await Mail.caught(to)).toEqual([]);
  });
});

describe("SES bounce and complaint events", () => {
  const bounce = (bounceType: string, emailAddress: string) =>
    JSON.stringify({ eventType: "Bounce", bounce: { bounceType, bouncedRecipients: [{ emailAddress }] } });
  const complaint = (emailAddress: string) =>
    JSON.stringify({ eventType: "Complaint", complaint: { complainedRecipients: [{ emailAddress }] } });

  it.each([
    ["a hard bounce", bounce("Permanent", "a@example.test"), [{ email: "a@example.test", reason: "bounce" }]],
    ["a complaint", complaint("b@example.test"), [{ email: "b@example.test", reason: "complaint" }]],
    ["a transient bounce (full mailbox)", bounce("Transient", "c@example.test"), []],
    ["a delivery", JSON.stringify({ eventType: "Delivery", delivery: {} }), []],
    ["not JSON", "{nope", []],
  ])("%s", (_case, message, expected) => {
    expect(Mail.suppressionsOf(message)).toEqual(expected);
  });

  it("a recorded hard bounce stops every later send to that address", async () => {
    const to = someone();
    expect(await Mail.recordSesEvent(bounce("Permanent", to.toUpperCase()))).toBe(1);
    expect(await Mail.send({ ...rendered, to, eventId: `test:${randomUUID()}`, transactional: true })).toBe(
      "suppressed",
    );
    expect(await Mail.caught(to)).toEqual([]);
  });
});
