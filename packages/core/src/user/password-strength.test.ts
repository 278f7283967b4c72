import { describe, expect, it } from "vitest";
import { assertStrong, WeakPasswordError } from "./password-strength";

describe("password strength", () => {
  it.each(["aaaaaaaaaa", "          ", "password1234", "qwertyuiop", "1234567890"])(
    "refuses %j and says why",
    async (password) => {
      const refused = await assertStrong(password).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WeakPasswordError);
      expect((refused as WeakPasswordError).code).toBe("weak_password");
      expect((refused as WeakPasswordError).details).toEqual([
        { path: "password", message: expect.stringMatching(/too easy to guess\. \S/) },
      ]);
    },
  );

  it("counts the person's own email, handle and name as known words", async () => {
    const about = ["maya.rivers@example.test", "mayarivers", "Maya Rivers"];
    await expect(assertStrong("mayarivers2026", about)).rejects.toBeInstanceOf(WeakPasswordError);
    await expect(assertStrong("mayarivers2026")).resolves.toBeUndefined();
  });

  it.each(["shopguide-demo-2026", "correct horse battery", "long enough password", "survives restarts"])(
    "accepts the demo and fixture password %j",
    async (password) => {
      await expect(assertStrong(password, ["someone@example.test"])).resolves.toBeUndefined();
    },
  );
});
