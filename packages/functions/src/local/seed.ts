import { Link } from "@shopguide/core/link";
import { User } from "@shopguide/core/user";

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
  { email: "sam@demo.shopguide.dev", handle: "sam_reads", displayName: "Sam Whitaker", role: "follower" },
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
  const created = [];
  for (const account of demoAccounts)
    created.push(await User.create({ ...account, password: DEMO_PASSWORD }));
  const maya = created.find((user) => user.handle === "maya_cooks");
  if (maya) {
    for (const url of demoLinks) await Link.ensure({ creatorId: maya.id, url });
  }
  return demoAccounts;
}

/** A few referral links for the first creator, so the studio's Links page is not empty on first look. */
const demoLinks = [
  "https://www.example.com/kitchen/cast-iron-skillet-10in?color=black",
  "https://www.example.com/kitchen/chef-knife-8in",
  "https://www.example.org/pantry/smoked-paprika",
];
