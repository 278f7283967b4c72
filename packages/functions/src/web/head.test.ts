import { BANNER_SIZES, HERO_SIZES } from "@shopguide/core/image/sizes";
import { describe, expect, it } from "vitest";
import { headTags } from "./head";
import { preloadOf } from "./pages";

const cover = {
  id: "img_1",
  alt: "A skillet",
  width: 1600,
  height: 900,
  variants: [
    { width: 320, height: 180, url: "/media/img_1/w320.webp", type: "image/webp" },
    { width: 640, height: 360, url: "/media/img_1/w640.webp", type: "image/webp" },
  ],
};

describe("the LCP picture's preload in the server-rendered head", () => {
  it("names every variant and the same sizes the page draws the picture at", () => {
    expect(preloadOf({ cover }, "cover", HERO_SIZES)).toEqual({
      srcset: "/media/img_1/w320.webp 320w, /media/img_1/w640.webp 640w",
      sizes: HERO_SIZES,
    });
    const tags = headTags(
      {
        title: "Pans",
        description: "Three pans",
        path: "/guides/gde_1",
        type: "article",
        preload: { srcset: "/media/img_1/w320.webp 320w, /media/img_1/w640.webp 640w", sizes: HERO_SIZES },
      },
      "https://shop.example",
    );
    expect(tags).toContain(
      `<link rel="preload" as="image" imagesrcset="/media/img_1/w320.webp 320w, /media/img_1/w640.webp 640w" imagesizes="${HERO_SIZES}" fetchpriority="high" />`,
    );
  });

  it("preloads nothing for a record without that picture", () => {
    expect(preloadOf({ banner: null }, "banner", BANNER_SIZES)).toBeUndefined();
    expect(preloadOf({}, "image", HERO_SIZES)).toBeUndefined();
    expect(
      headTags({ title: "t", description: "d", path: "/", type: "website" }, "https://x.example"),
    ).not.toContain("preload");
  });
});
