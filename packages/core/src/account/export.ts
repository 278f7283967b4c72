/**
 * "Download my data": the person's own data as one JSON document. Each section is read through its own
 * paged or bounded access pattern and stops at `MAX_EXPORT_ITEMS`, saying so (`complete: false`), so one
 * export's cost is bounded however active the account was. Rate limited (`account-export`) before this runs.
 */
import { Conversion } from "../conversion";
import { GroupBuy } from "../groupbuy";
import { Guide } from "../guide";
import { Link } from "../link";
import { Notification } from "../notification";
import { Profile } from "../profile";
import { Statement } from "../statement";
import { User } from "../user";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";

export const MAX_EXPORT_ITEMS = 1000;

export interface ExportSection<T> {
  items: T[];
  /** False when the section holds more than `MAX_EXPORT_ITEMS` and only the first were exported. */
  complete: boolean;
}

/** Reads pages until the list ends or the bound is reached. */
async function collect<T>(
  read: (cursor: string | undefined) => Promise<{ items: T[]; next?: string | null | undefined }>,
): Promise<ExportSection<T>> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor && items.length < MAX_EXPORT_ITEMS);
  return { items: items.slice(0, MAX_EXPORT_ITEMS), complete: !cursor && items.length <= MAX_EXPORT_ITEMS };
}

const none = { items: [], complete: true };

export async function exportData(actor: Actor) {
  const { userId } = Actor.requireUser(actor);
  const account = await User.get(userId);
  const self: Actor = { kind: "user", userId, handle: account.handle, role: account.role };
  const creator = account.role === "creator";
  const following = await Profile.followedCreatorIds(userId, MAX_EXPORT_ITEMS);
  const liked = await Guide.likedGuideIds(userId, MAX_EXPORT_ITEMS);
  return {
    exportedAt: Clock.now().toISOString(),
    account,
    profile: await Profile.getById(userId),
    guides: creator
      ? await collect(async (cursor) => {
          const page = await Guide.listMine(self, { limit: 50, cursor });
          return { items: await Guide.getMany(page.items.map((guide) => guide.id)), next: page.nextCursor };
        })
      : none,
    links: creator
      ? await collect(async (cursor) => {
          const page = await Link.listMine(self, cursor);
          return { items: page.items, next: page.nextCursor };
        })
      : none,
    following: { items: following.ids.map((creatorId) => ({ creatorId })), complete: following.complete },
    saved: await collect(async (cursor) => {
      const page = await Guide.listSaved(self, { limit: 50, cursor });
      return {
        items: page.items.map((guide) => ({ guideId: guide.id, title: guide.title })),
        next: page.nextCursor,
      };
    }),
    liked: { items: liked.guideIds.map((guideId) => ({ guideId })), complete: liked.complete },
    groupbuys: await collect(async (cursor) => {
      const page = await GroupBuy.listMine(self, cursor);
      return { items: page.items, next: page.nextCursor };
    }),
    commissions: creator
      ? await collect(async (cursor) => {
          const page = await Conversion.earnings(self, cursor);
          return { items: page.items, next: page.nextCursor };
        })
      : none,
    statements: creator
      ? await collect(async (cursor) => {
          const page = await Statement.listMine(self, { cursor });
          return { items: page.items, next: page.nextCursor };
        })
      : none,
    notifications: await collect(async (cursor) => {
      const page = await Notification.list(self, cursor);
      return { items: page.items, next: page.nextCursor };
    }),
  };
}

export type DataExport = Awaited<ReturnType<typeof exportData>>;
