// The canvas as an image: what React Flow draws (nodes, edges, their labels, overlays), framed
// around the map rather than the window, without the controls, minimap or legend.

import { toPng, toSvg } from 'html-to-image';
import { imageFrame, unionBox, type Box } from './imageFrame';

export type ImageFormat = 'png' | 'svg';

/** The map drawn in `flowElement` (the `.react-flow` element) as a `data:` URL. */
export async function canvasImage(flowElement: HTMLElement, format: ImageFormat): Promise<string> {
  const viewport = flowElement.querySelector<HTMLElement>('.react-flow__viewport');
  if (!viewport) throw new Error('the canvas is not drawn');
  const drawn = unionBox(drawnBoxes(viewport));
  if (!drawn) throw new Error('the map is empty: there is nothing to export');
  const frame = imageFrame(drawn);
  const background = getComputedStyle(flowElement).getPropertyValue('--canvas-background').trim() || '#ffffff';
  const options = {
    backgroundColor: background,
    width: frame.width,
    height: frame.height,
    style: { width: `${frame.width}px`, height: `${frame.height}px`, transform: frame.transform },
    skipFonts: true,
    // Handles are for drawing, not for slides.
    filter: (node: Node) => !(node instanceof HTMLElement && node.classList.contains('react-flow__handle')),
  };
  // `.exporting` drops what only the editor needs: selection outlines, shadows.
  flowElement.classList.add('exporting');
  try {
    if (format === 'svg') return await toSvg(viewport, options);
    // Sharp on a high-density screen and on a projector alike.
    return await toPng(viewport, { ...options, pixelRatio: Math.max(2, window.devicePixelRatio || 1) });
  } finally {
    flowElement.classList.remove('exporting');
  }
}

/** Boxes of the nodes and of the edges' paths, in canvas coordinates. */
function drawnBoxes(viewport: HTMLElement): Box[] {
  const boxes: Box[] = [];
  const zoom = currentZoom(viewport);
  const origin = viewport.getBoundingClientRect();
  for (const node of viewport.querySelectorAll<HTMLElement>('.react-flow__node')) {
    const r = node.getBoundingClientRect();
    boxes.push({ x: (r.left - origin.left) / zoom, y: (r.top - origin.top) / zoom, width: r.width / zoom, height: r.height / zoom });
  }
  for (const path of viewport.querySelectorAll<SVGGraphicsElement>('.react-flow__edge-path')) {
    const b = path.getBBox();
    boxes.push({ x: b.x, y: b.y, width: b.width, height: b.height });
  }
  for (const label of viewport.querySelectorAll<HTMLElement>('.react-flow__edgelabel-renderer > *')) {
    const r = label.getBoundingClientRect();
    boxes.push({ x: (r.left - origin.left) / zoom, y: (r.top - origin.top) / zoom, width: r.width / zoom, height: r.height / zoom });
  }
  return boxes;
}

function currentZoom(viewport: HTMLElement): number {
  const match = /scale\(([\d.e-]+)\)/.exec(viewport.style.transform);
  return match ? Number(match[1]) : 1;
}
