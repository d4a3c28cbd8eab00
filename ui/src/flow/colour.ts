// The heat overlay's colour scale: viridis (van der Walt & Smith, matplotlib's default), a
// sequential scale that keeps its order for people with any common colour-vision deficiency and
// in greyscale, because its lightness rises steadily from one end to the other. Colours are
// interpolated between 11 evenly spaced samples of the published scale, never picked per stage.

type Rgb = readonly [number, number, number];

/** viridis at 0, 0.1, …, 1 (the samples viridisLite gives for n = 11). */
const VIRIDIS: readonly Rgb[] = [
  [0x44, 0x01, 0x54],
  [0x48, 0x25, 0x76],
  [0x41, 0x44, 0x87],
  [0x35, 0x60, 0x8d],
  [0x2a, 0x78, 0x8e],
  [0x21, 0x90, 0x8c],
  [0x22, 0xa8, 0x84],
  [0x43, 0xbf, 0x71],
  [0x7a, 0xd1, 0x51],
  [0xbb, 0xdf, 0x27],
  [0xfd, 0xe7, 0x25],
];

const hex = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** viridis at `t` in [0, 1] (clamped), as `#rrggbb`. */
export function viridis(t: number): string {
  return hex(viridisRgb(t));
}

function viridisRgb(t: number): Rgb {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/**
 * The heat of a stage: 0 the least (waiting, load, rework…), 1 the most. The most is drawn
 * darkest (viridis' dark purple end), so the hottest stages stand out on the light canvas; the
 * least is its light yellow end.
 */
export function heatColour(heat: number): string {
  return viridis(1 - heat);
}

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(colour: string): number {
  const channel = (i: number) => {
    const c = parseInt(colour.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `background`. */
export function textOn(background: string): string {
  return contrast(background, '#000000') >= contrast(background, '#ffffff') ? '#000000' : '#ffffff';
}

/** CSS for the legend's colour bar: from the least heat (left) to the most (right). */
export function legendGradient(steps = 10): string {
  const stops = Array.from({ length: steps + 1 }, (_, i) => `${heatColour(i / steps)} ${(i / steps) * 100}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
