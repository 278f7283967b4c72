/**
 * Group-buy schemas, types and errors: what the domain (index.ts) and its store (groupbuy.dynamo.ts) share,
 * so the store never imports the domain module that imports it.
 */
import * as z from "zod";
import { Campaign } from "../campaign";
import { ImageView } from "../image/schema";
import { AppError, NotFoundError } from "../util/errors";
import { Money } from "../util/money-schema";
import { HttpUrl } from "../util/url";

/** The longest a group-buy may run, from its creation to its deadline. */
export const MAX_DAYS = 30;

export const Tier = z.object({
  /** Reached once this many people have joined. */
  participants: z.number().int().min(1).max(100_000),
  /** What each participant pays per unit once the tier is reached. */
  price: Money,
});
export type Tier = z.infer<typeof Tier>;

export const Product = z.object({
  title: z.string().trim().min(1).max(200),
  /** Always set on new group-buys; left out when a legacy item stored one we no longer accept. */
  url: HttpUrl.optional(),
  imageUrl: HttpUrl.optional(),
  productId: z.string().optional(),
});
export type Product = z.infer<typeof Product>;

export const Status = z.enum(["open", "succeeded", "failed"]);
export type Status = z.infer<typeof Status>;

export const Info = z.object({
  id: z.string(),
  brandId: z.string(),
  brandName: z.string(),
  type: z.literal("groupbuy"),
  name: z.string(),
  product: Product,
  /** Group-buys made before images existed have none. */
  image: ImageView.nullable().default(null),
  basePrice: Money,
  /** Ascending by participants, descending by price, every price below the base price. */
  tiers: z.array(Tier),
  /** People needed for the group-buy to go ahead (tiers count people too). */
  minParticipants: z.number().int(),
  /** Units the brand can supply: the sum of every participant's quantity never exceeds it. */
  capacity: z.number().int(),
  maxQuantityPerPerson: z.number().int(),
  deadline: z.string(),
  /** The creators' commission rule, applied to the tier price a participant actually pays. */
  rule: Campaign.Rule,
  holdDays: z.number().int(),
  currency: z.string(),
  status: Status,
  /** People who joined: what tiers and the minimum count. */
  participants: z.number().int(),
  /** Units taken: the sum of the participants' quantities, never above capacity. */
  units: z.number().int(),
  /** Set at a successful settlement: the index in `tiers` everyone gets, or -1 for the base price. */
  settledTier: z.number().int().optional(),
  settledAt: z.string().optional(),
  /** Set once every participant of a successful group-buy holds a code. */
  codesIssuedAt: z.string().optional(),
  /** Set when the brand cancelled it while open (it is then `failed`: everyone released, nothing owed). */
  cancelledAt: z.string().optional(),
  createdAt: z.string(),
});
export type Info = z.infer<typeof Info>;

/** What anyone sees: the stored group-buy plus its tier progress by the platform clock. */
export const State = Info.extend({
  currentTier: Tier.nullable(),
  nextTier: Tier.nullable(),
  remainingForNextTier: z.number().int().nullable(),
  /** Units still available (capacity minus units taken). */
  unitsLeft: z.number().int(),
  /** What a participant pays per unit now (or, once settled, what everyone pays). */
  currentPrice: Money,
  timeLeftSeconds: z.number().int(),
});
export type State = z.infer<typeof State>;

const ProductInput = z.object({
  title: z.string().trim().min(1).max(200),
  url: HttpUrl,
  imageUrl: HttpUrl.optional(),
});

export const CreateInput = z.object({
  brandId: z.string().min(1).max(64),
  type: z.literal("groupbuy"),
  name: z.string().trim().min(1, { error: "Enter a name" }).max(120),
  product: ProductInput.optional(),
  productId: z.string().min(1).max(64).optional(),
  basePrice: Money,
  tiers: z.array(Tier).min(1).max(20),
  minParticipants: z.number().int().min(1).max(100_000),
  capacity: z.number().int().min(1).max(100_000),
  maxQuantityPerPerson: z.number().int().min(1).max(100).default(1),
  deadline: z.iso.datetime({ offset: true }),
  rule: Campaign.Rule,
  holdDays: z.number().int().min(0).max(365).default(30),
  /** The member's own upload; without one, a catalogue product's image is used. Alt defaults to the name. */
  imageId: z.string().trim().min(1).max(64).optional(),
  imageAlt: z.string().trim().max(300).optional(),
});
export type CreateInput = z.input<typeof CreateInput>;

export const JoinInput = z.object({
  quantity: z.number().int().min(1).max(100).default(1),
  /** The referring creator: one of their link codes, or their handle. */
  ref: z.string().trim().min(1).max(64).optional(),
});
export type JoinInput = z.input<typeof JoinInput>;

export const Participation = z.object({
  groupbuyId: z.string(),
  userId: z.string(),
  handle: z.string(),
  quantity: z.number().int(),
  referrerId: z.string().optional(),
  referrerHandle: z.string().optional(),
  joinedAt: z.string(),
  /** The personal single-use code, issued once the group-buy has succeeded. */
  code: z.string().optional(),
});
export type Participation = z.infer<typeof Participation>;

export const MyGroupBuy = z.object({
  groupbuyId: z.string(),
  name: z.string(),
  status: Status,
  quantity: z.number().int(),
  deadline: z.string(),
  price: Money,
  code: z.string().optional(),
  /** The group-buy's picture, so the list is photo-first. */
  image: ImageView.nullable(),
});
export type MyGroupBuy = z.infer<typeof MyGroupBuy>;

export class GroupBuyNotFoundError extends NotFoundError {
  constructor() {
    super("Group-buy", "groupbuy_not_found");
  }
}

export class ParticipationNotFoundError extends NotFoundError {
  constructor() {
    super("Participation", "participation_not_found");
  }
}

/** Capacity is in units: full when no unit is left, or fewer than the quantity asked for (`unitsLeft`). */
export class GroupBuyFullError extends AppError {
  constructor(unitsLeft = 0) {
    super(
      "conflict",
      "groupbuy_full",
      unitsLeft > 0
        ? `Only ${unitsLeft} ${unitsLeft === 1 ? "unit is" : "units are"} left in this group-buy`
        : "Every unit of this group-buy is taken",
      { unitsLeft },
    );
  }
}

export class GroupBuyClosedError extends AppError {
  constructor() {
    super("conflict", "groupbuy_closed", "This group-buy is no longer taking joins or leaves");
  }
}

export class AlreadyJoinedError extends AppError {
  constructor() {
    super("conflict", "already_joined", "You have already joined this group-buy");
  }
}

/** One participant as the brand's export shows them: what they pay, and their code once issued. */
export const ParticipantRow = z.object({
  userId: z.string(),
  handle: z.string(),
  quantity: z.number().int(),
  unitPrice: Money,
  status: Status,
  code: z.string().optional(),
  referrerHandle: z.string().optional(),
  joinedAt: z.string(),
});
export type ParticipantRow = z.infer<typeof ParticipantRow>;

/** A notice every participant gets once (`Notification.Produced`, whose `kind` is one of these). */
export const FanoutNotice = z.object({
  kind: z.enum(["groupbuy_failed", "groupbuy_next_tier"]),
  source: z.string(),
  at: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string(),
});
export type FanoutNotice = z.infer<typeof FanoutNotice>;

/** What a fan-out does for each participant: issue their code, or give them a notice. */
export const FanoutWork = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("codes") }),
  z.object({ kind: z.literal("notice"), notice: FanoutNotice }),
]);
export type FanoutWork = z.infer<typeof FanoutWork>;

/**
 * A resumable walk over one group-buy's participants (fanout.ts): one per (group-buy, work), so a
 * redelivered stream record finds the walk it started instead of starting another. `cursor` is where the
 * next page starts (absent at the start); it only moves after the page before it is done.
 */
export const FanoutTask = z.object({
  groupbuyId: z.string(),
  /** `codes`, or `notice:<kind>:<source>`: unique per group-buy. */
  key: z.string(),
  work: FanoutWork,
  cursor: z.string().optional(),
  /** Pages done so far (for the logs and the tests). */
  pages: z.number().int().default(0),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
});
export type FanoutTask = z.infer<typeof FanoutTask>;
