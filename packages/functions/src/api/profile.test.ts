import { Profile } from "@shopguide/core/profile";
import { User } from "@shopguide/core/user";
import { describe, expect, it } from "vitest";
import { errorCode, json, readJson, signUp, type TestAccount } from "../../../../tests/fixtures/accounts";
import { app } from "./app";

const send = (method: string, path: string, account?: TestAccount, body?: unknown) =>
  app.request(path, {
    method,
    headers: json(account?.auth ?? {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function signUpAdmin(): Promise<TestAccount> {
  const handle = `admin_${Math.random().toString(36).slice(2, 10)}`;
  const account = { email: `${handle}@example.test`, password: "correct horse battery", handle };
  await User.create({ ...account, displayName: "Admin", role: "admin" });
  const login = await send("POST", "/api/v1/auth/login", undefined, {
    email: account.email,
    password: account.password,
  });
  const { token, user } = await readJson(login);
  return { ...account, id: user.id, token, auth: { authorization: `Bearer ${token}` } };
}

describe("profiles and storefronts", () => {
  it("a creator edits their profile and anyone reads it on the storefront", async () => {
    const creator = await signUp("creator");
    const patched = await send("PATCH", "/api/v1/me/profile", creator, {
      bio: "  Weeknight cooking, tested gear.  ",
      avatarUrl: "https://img.example/me.jpg",
      links: [{ label: "Instagram", url: "https://instagram.com/someone" }],
    });
    expect(patched.status).toBe(200);
    const storefront = await readJson(await send("GET", `/api/v1/creators/${creator.handle.toUpperCase()}`));
    expect(storefront.profile).toMatchObject({
      handle: creator.handle,
      bio: "Weeknight cooking, tested gear.",
      avatarUrl: "https://img.example/me.jpg",
      links: [{ label: "Instagram", url: "https://instagram.com/someone" }],
      verified: false,
      followerCount: 0,
      followingCount: 0,
    });
    expect(storefront.viewer).toEqual({ following: false, isSelf: false });
    expect(storefront.guides).toEqual({ items: [], nextCursor: null });
  });

  it("answers 404 for an unknown handle", async () => {
    const response = await send("GET", "/api/v1/creators/nobody_here");
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe("creator_not_found");
  });

  it.each([
    ["anonymous", undefined, 401],
    ["a follower", "follower", 403],
    ["the creator themself", "self", 403],
    ["another creator", "creator", 403],
  ] as const)("%s cannot set the verified badge", async (_who, role, status) => {
    const creator = await signUp("creator");
    const actor = role === "self" ? creator : role ? await signUp(role) : undefined;
    const response = await send("PUT", `/api/v1/creators/${creator.handle}/verified`, actor, {
      verified: true,
    });
    expect(response.status).toBe(status);
  });

  it("an admin sets and clears the verified badge", async () => {
    const creator = await signUp("creator");
    const admin = await signUpAdmin();
    const set = await send("PUT", `/api/v1/creators/${creator.handle}/verified`, admin, { verified: true });
    expect((await readJson(set)).verified).toBe(true);
    const storefront = await readJson(await send("GET", `/api/v1/creators/${creator.handle}`));
    expect(storefront.profile.verified).toBe(true);
    // Editing the profile never touches the badge.
    await send("PATCH", "/api/v1/me/profile", creator, { bio: "still verified" });
    expect((await readJson(await send("GET", `/api/v1/creators/${creator.handle}`))).profile.verified).toBe(
      true,
    );
  });
});

describe("follows", () => {
  it("are idempotent both ways and show in the counts", async () => {
    const creator = await signUp("creator");
    const follower = await signUp("follower");
    for (let repeat = 0; repeat < 3; repeat++) {
      const response = await send("PUT", `/api/v1/creators/${creator.handle}/follow`, follower);
      expect(await readJson(response)).toEqual({ following: true, followerCount: 1 });
    }
    const seen = await readJson(await send("GET", `/api/v1/creators/${creator.handle}`, follower));
    expect(seen.viewer.following).toBe(true);
    const mine = await readJson(await send("GET", `/api/v1/creators/${follower.handle}`));
    expect(mine.profile.followingCount).toBe(1);
    for (let repeat = 0; repeat < 3; repeat++) {
      const response = await send("DELETE", `/api/v1/creators/${creator.handle}/follow`, follower);
      expect(await readJson(response)).toEqual({ following: false, followerCount: 0 });
    }
  });

  it.each([
    ["anonymous", "creator", undefined, 401, "unauthorized"],
    ["yourself", "self", "creator", 422, "cannot_follow_self"],
    ["a follower (not a creator)", "follower", "follower", 404, "creator_not_found"],
    ["an unknown handle", "unknown", "follower", 404, "creator_not_found"],
  ] as const)("following %s is refused", async (_case, target, role, status, code) => {
    const actor = role ? await signUp(role) : undefined;
    const handle =
      target === "self"
        ? actor?.handle
        : target === "unknown"
          ? "no_such_creator"
          : (await signUp(target)).handle;
    const response = await send("PUT", `/api/v1/creators/${handle}/follow`, actor);
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
  });

  it("200 concurrent follows and unfollows leave every count equal to the follow items", async () => {
    const creators = await Promise.all([signUp("creator"), signUp("creator")]);
    const followers = await Promise.all(Array.from({ length: 20 }, () => signUp("follower")));
    const operations = Array.from({ length: 200 }, (_, index) => ({
      follower: followers[index % followers.length] as TestAccount,
      creator: creators[(index * 7) % creators.length] as TestAccount,
      method: index % 3 === 2 ? "DELETE" : "PUT",
    }));
    const answers = await Promise.all(
      operations.map(({ follower, creator, method }) =>
        send(method, `/api/v1/creators/${creator.handle}/follow`, follower),
      ),
    );
    expect(answers.map((response) => response.status).filter((status) => status !== 200)).toEqual([]);

    for (const creator of creators) {
      const items = await Profile.countFollowItems(creator.id);
      const { profile } = await readJson(await send("GET", `/api/v1/creators/${creator.handle}`));
      expect(profile.followerCount).toBe(items);
      expect(items).toBeGreaterThan(0);
    }
    for (const follower of followers) {
      let follows = 0;
      for (const creator of creators) if (await Profile.isFollowing(follower.id, creator.id)) follows += 1;
      const { profile } = await readJson(await send("GET", `/api/v1/creators/${follower.handle}`));
      expect(profile.followingCount).toBe(follows);
    }
  });
});
