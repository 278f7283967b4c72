/**
 * How wide the pages draw their first (LCP) picture, as `sizes` values. Shared by the web's `<Picture>` and the
 * server-rendered head's image preload, which must name the same `sizes` or the browser fetches a second file.
 * Plain data, no imports: the web bundle takes it.
 */
export const HERO_SIZES = "(max-width: 800px) 100vw, 760px";
export const BANNER_SIZES = "(max-width: 960px) 100vw, 960px";
