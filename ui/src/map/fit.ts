// How a map is fitted into the canvas (on opening and with F / Fit).

/**
 * Room kept free when the map is fitted: the heat and edge legends sit in the top corners
 * (about 110 px down from the top) and the zoom buttons and minimap in the bottom ones, so a fitted map's
 * stages are never drawn under them.
 */
export const FIT_PADDING = { top: '124px', bottom: '24px', x: '24px' } as const;

/** In presentation mode only the heat legend sits above the map. */
export const PRESENT_FIT_PADDING = { top: '64px', bottom: '16px', x: '16px' } as const;
