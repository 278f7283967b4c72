import { Feed } from "@shopguide/core/feed";
import { Guide } from "@shopguide/core/guide";
import { Profile } from "@shopguide/core/profile";
import { User } from "@shopguide/core/user";
import type { Actor } from "@shopguide/core/util/actor";
import { seedCommerce } from "./seed-commerce";
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
  // Independent writes go in parallel: the runner must be up within its start-up budget.
  const users = await Promise.all(
    demoAccounts.map((account) =>
      User.create({ ...account, password: DEMO_PASSWORD }, { emailVerified: true }),
    ),
  );
  const actors = new Map<string, Actor>(
    users.map((user) => [
      user.handle,
      { kind: "user", userId: user.id, handle: user.handle, role: user.role },
    ]),
  );
  const as = (handle: string) => actors.get(handle) as Actor;

  await Promise.all([
    ...Object.entries(demoProfiles).map(([handle, profile]) => Profile.update(as(handle), profile)),
    ...["maya_cooks", "theo_trails"].map((handle) =>
      Profile.setVerified(as("shopguide_admin"), handle, true),
    ),
  ]);

  // Follows first, so publishing fans the guides out through the stream like it would in production.
  const follows: Record<string, string[]> = {
    sam_reads: ["maya_cooks", "theo_trails", "priya_studio", "jun_listens"],
    alex_browses: ["theo_trails", "jun_listens"],
    maya_cooks: ["priya_studio"],
    priya_studio: ["maya_cooks", "jun_listens"],
  };
  for (const [follower, creators] of Object.entries(follows)) {
    await Promise.all(creators.map((creator) => Profile.follow(as(follower), creator)));
  }

  // Drafts in parallel; publishing one at a time, creators interleaved, so every feed mixes voices.
  const queues = await Promise.all(
    Object.entries(demoGuides).map(async ([handle, guides]) =>
      Promise.all(guides.map(async (guide) => ({ handle, draft: await Guide.create(as(handle), guide) }))),
    ),
  );
  const published: string[] = [];
  for (let round = 0; queues.some((queue) => round < queue.length); round++) {
    for (const queue of queues) {
      const next = queue[round];
      if (!next) continue;
      await Guide.publish(as(next.handle), next.draft.id);
      published.push(next.draft.id);
    }
  }

  // A little engagement so Trending has an order to show.
  const readers = ["sam_reads", "alex_browses", "maya_cooks", "priya_studio"];
  await Promise.all(
    published.flatMap((guideId, index) => [
      ...readers.slice(0, (index * 7) % 5).map((reader) => Guide.like(as(reader), guideId)),
      ...(index % 3 === 0 ? [Guide.save(as("sam_reads"), guideId)] : []),
    ]),
  );
  await Feed.rebuildTrending();
  await seedCommerce(as);
  return demoAccounts;
}
