import { Image } from "@shopguide/core/image";
import type { Actor } from "@shopguide/core/util/actor";
import sharp from "sharp";

/** A stable hue for a text, so each demo subject keeps its colours from run to run. */
function hueOf(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 360;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * A generated picture (a two-colour gradient, a few soft shapes and the subject's name) made from SVG on
 * this machine: demo data gets photos without a network or binary files in the repo.
 */
function drawing(label: string, width: number, height: number): Promise<Buffer> {
  const hue = hueOf(label);
  const size = Math.round(Math.min(width, height) / 9);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="hsl(${hue},65%,62%)"/><stop offset="1" stop-color="hsl(${(hue + 50) % 360},55%,38%)"/>
  </linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/>
  <circle cx="${width * 0.78}" cy="${height * 0.28}" r="${height * 0.22}" fill="hsla(${(hue + 180) % 360},70%,85%,0.35)"/>
  <rect x="${width * 0.08}" y="${height * 0.58}" width="${width * 0.35}" height="${height * 0.3}" rx="${size / 2}" fill="hsla(0,0%,100%,0.18)"/>
  <text x="50%" y="52%" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="${size}" fill="#fff">${escapeXml(label.slice(0, 28))}</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 78 }).toBuffer();
}

const shapes = {
  guide_cover: [1280, 720],
  product_card: [640, 640],
  product: [640, 640],
  avatar: [320, 320],
  banner: [1280, 400],
  brand_logo: [320, 320],
  groupbuy: [1280, 720],
} as const satisfies Record<Image.Purpose, readonly [number, number]>;

/** Draws a picture for `label` and stores it through the upload pipeline as `actor`'s; answers its id. */
export async function demoPicture(actor: Actor, purpose: Image.Purpose, label: string): Promise<string> {
  if (actor.kind !== "user") throw new Error("demo pictures belong to a user");
  const [width, height] = shapes[purpose];
  const image = await Image.ingest(actor.userId, purpose, await drawing(label, width, height));
  return image.id;
}
