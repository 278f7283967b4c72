import { Feed } from "@shopguide/core/feed";
import { Guide } from "@shopguide/core/guide";
import { Profile } from "@shopguide/core/profile";
import { User } from "@shopguide/core/user";
import type { Actor } from "@shopguide/core/util/actor";
import { demoGuides, demoProfiles } from "./seed-guides";

export const DEMO_PASSWORD = "shopguide-demo-2026";

export interface DemoAccount {
  email: string;
  handle: string;
  displayName: string;
  role: User.Info["role"];
}

/** Believable people for a first look; every one signs in with DEMO_PASSWORD. */
export const demoAccounts: DemoAccount[] = [
  { email: "maya@demo.shopguide.dev", handle: "maya_cooks", displayName: "Maya Okafor", role: "creator" },
  { email: "theo@demo.shopguide.dev", handle: "theo_trails", displayName: "Theo Lindqvist", role: "creator" },
  { email: "priya@demo.shopguide.dev", handle: "priya_studio", displayName: "Priya Raman", role: "creator" },
  { email: "jun@demo.shopguide.dev", handle: "jun_listens", displayName: "Jun Takahashi", role: "creator" },
  { email: "sam@demo.shopguide.dev", handle: "sam_reads", displayName: "Sam Whitaker", role: "follower" },
  { email: "alex@demo.shopguide.dev", handle: "alex_browses", displayName: "Alex Moreno", role: "follower" },
  {
    email: "team@demo.northwind.dev",
    handle: "northwind",
    displayName: "Northwind Outfitters",
    role: "brand",
  },
  {
    email: "admin@demo.shopguide.dev",
    handle: "shopguide_admin",
    displayName: "shopguide admin",
    role: "admin",
  },
];

/** Fills a fresh table with demo data. Only called when the table was just created. */
export async function seed(): Promise<DemoAccount[]> {
  const actors = new Map<string, Actor>();
  for (const account of demoAccounts) {
    const user = await User.create({ ...account, password: DEMO_PASSWORD });
    actors.set(user.handle, { kind: "user", userId: user.id, handle: user.handle, role: user.role });
  }
  const as = (handle: string) => actors.get(handle) as Actor;

  for (const [handle, profile] of Object.entries(demoProfiles)) await Profile.update(as(handle), profile);
  for (const handle of ["maya_cooks", "theo_trails"])
    await Profile.setVerified(as("shopguide_admin"), handle, true);

  // Follows first, so publishing fans the guides out through the stream like it would in production.
  const follows: Record<string, string[]> = {
    sam_reads: ["maya_cooks", "theo_trails", "priya_studio", "jun_listens"],
    alex_browses: ["theo_trails", "jun_listens"],
    maya_cooks: ["priya_studio"],
    priya_studio: ["maya_cooks", "jun_listens"],
  };
  for (const [follower, creators] of Object.entries(follows)) {
    for (const creator of creators) await Profile.follow(as(follower), creator);
  }

  // Interleave the creators so every feed mixes voices, newest last.
  const published: string[] = [];
  const queues = Object.entries(demoGuides).map(([handle, guides]) =>
    guides.map((guide) => ({ handle, guide })),
  );
  for (let round = 0; queues.some((queue) => round < queue.length); round++) {
    for (const queue of queues) {
      const next = queue[round];
      if (!next) continue;
      const draft = await Guide.create(as(next.handle), next.guide);
      await Guide.publish(as(next.handle), draft.id);
      published.push(draft.id);
    }
  }

  // A little engagement so Trending has an order to show.
  const readers = ["sam_reads", "alex_browses", "maya_cooks", "priya_studio"];
  for (const [index, guideId] of published.entries()) {
    for (const reader of readers.slice(0, (index * 7) % 5)) await Guide.like(as(reader), guideId);
    if (index % 3 === 0) await Guide.save(as("sam_reads"), guideId);
  }
  await Feed.rebuildTrending();
  return demoAccounts;
}
