import { Discovery } from "@shopguide/core/discovery";
import { Feed } from "@shopguide/core/feed";
import { Guide } from "@shopguide/core/guide";
import { Profile } from "@shopguide/core/profile";
import { User } from "@shopguide/core/user";
import type { Actor } from "@shopguide/core/util/actor";
import { seedCommerce } from "./seed-commerce";
import { demoGuides, demoProfiles } from "./seed-guides";
import { demoPicture } from "./seed-images";

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
/** A demo guide with a generated cover and a picture on every card, stored as its author's uploads. */
async function withPictures(handle: string, guide: Guide.CreateInput): Promise<Guide.CreateInput> {
  const actor = actorOf(handle);
  const [coverImageId, ...cardImageIds] = await Promise.all([
    demoPicture(actor, "guide_cover", guide.title),
    ...guide.items.map((item) => demoPicture(actor, "product_card", item.title)),
  ]);
  return {
    ...guide,
    coverImageId,
    coverAlt: `Cover for ${guide.title}`,
    items: guide.items.map((item, index) => ({ ...item, imageId: cardImageIds[index] })),
  };
}

let actorOf: (handle: string) => Actor = () => {
  throw new Error("seed() sets the actors first");
};

export async function seed(options: { settle?: () => Promise<void> } = {}): Promise<DemoAccount[]> {
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
  actorOf = as;

  await Promise.all([
    ...Object.entries(demoProfiles).map(async ([handle, profile]) =>
      Profile.update(as(handle), {
        ...profile,
        avatarImageId: await demoPicture(as(handle), "avatar", handle.split("_")[0] ?? handle),
        bannerImageId: await demoPicture(as(handle), "banner", `@${handle}`),
      }),
    ),
    ...["maya_cooks", "theo_trails"].map((handle) =>
      Profile.setVerified(as("shopguide_admin"), handle, { verified: true, reason: "Demo data" }),
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
  // Interests shape the demo followers' suggestions (the directory itself fills from the stream as guides publish).
  await Promise.all([
    Discovery.setInterests(as("sam_reads"), { categories: ["kitchen", "outdoors"] }),
    Discovery.setInterests(as("alex_browses"), { categories: ["audio", "home-office"] }),
  ]);

  // Drafts in parallel; publishing one at a time, creators interleaved, so every feed mixes voices.
  const queues = await Promise.all(
    Object.entries(demoGuides).map(async ([handle, guides]) =>
      Promise.all(
        guides.map(async (guide) => ({
          handle,
          draft: await Guide.create(as(handle), await withPictures(handle, guide)),
        })),
      ),
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
  // Trending heat arrives through the stream: let it catch up before the list is first ranked.
  await options.settle?.();
  await Feed.rebuildTrending();
  await seedCommerce(as);
  return demoAccounts;
}
