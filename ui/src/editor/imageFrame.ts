// The frame of an exported image: everything drawn (nodes, and edges that arc beyond them),
// with a margin, at the scale of the screen it is exported from.

export type Box = { x: number; y: number; width: number; height: number };

export const IMAGE_MARGIN = 32;

export function unionBox(boxes: Box[]): Box | null {
  if (boxes.length === 0) return null;
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The image's size in CSS pixels and the transform that puts `drawn` inside it. */
export function imageFrame(drawn: Box, margin = IMAGE_MARGIN): { width: number; height: number; transform: string } {
  return {
    width: Math.ceil(drawn.width + 2 * margin),
    height: Math.ceil(drawn.height + 2 * margin),
    transform: `translate(${margin - drawn.x}px, ${margin - drawn.y}px) scale(1)`,
  };
}
