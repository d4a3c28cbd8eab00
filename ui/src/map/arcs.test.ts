import { describe, expect, it } from 'vitest';
import { ARC_BULGE_STEP, arc, defaultBulge, placeArcs, type ArcRequest } from './arcs';

describe('arc', () => {
  it('runs from the source to the target', () => {
    const { path } = arc({ x: 1300, y: 0 }, { x: 1040, y: 0 }, 'above', 60);
    expect(path).toBe('M 1300,0 C 1300,-60 1040,-60 1040,0');
  });

  it('puts a rework arc above its stages, its label at the top, halfway', () => {
    const a = arc({ x: 1300, y: 0 }, { x: 1040, y: 0 }, 'above', 60);
    expect(a.labelX).toBe(1170);
    expect(a.labelY).toBe(-45);
  });

  it('puts an artifact-flow arc below its tools', () => {
    const a = arc({ x: 400, y: 456 }, { x: 900, y: 456 }, 'below', 80);
    expect(a.labelY).toBe(456 + 60);
  });
});

describe('defaultBulge', () => {
  it('bulges further the further an arc spans', () => {
    const near = defaultBulge({ x: 1300, y: 0 }, { x: 1040, y: 0 });
    const far = defaultBulge({ x: 1560, y: 0 }, { x: 1040, y: 0 });
    expect(far).toBeGreaterThan(near + 40);
  });
});

describe('placeArcs', () => {
  const label = { width: 140, height: 18 };
  const request = (fromX: number, toX: number): ArcRequest => ({
    from: { x: fromX, y: 456 },
    to: { x: toX, y: 456 },
    side: 'below',
    label,
  });

  it('leaves an arc whose label covers nothing at its default bulge', () => {
    const r = request(100, 300);
    expect(placeArcs([r])).toEqual([defaultBulge(r.from, r.to)]);
  });

  it('pushes the longer of two arcs out until their labels no longer cover each other', () => {
    const short = request(1000, 1150);
    const long = request(950, 1250);
    const [longBulge, shortBulge] = placeArcs([long, short]);
    expect(shortBulge).toBe(defaultBulge(short.from, short.to));
    expect(longBulge).toBeGreaterThan(defaultBulge(long.from, long.to));
    expect((longBulge! - defaultBulge(long.from, long.to)) % ARC_BULGE_STEP).toBe(0);
    const shortLabel = arc(short.from, short.to, 'below', shortBulge!);
    const longLabel = arc(long.from, long.to, 'below', longBulge!);
    expect(Math.abs(longLabel.labelY - shortLabel.labelY)).toBeGreaterThanOrEqual(label.height);
  });

  it('leaves arcs whose labels stand apart alone', () => {
    const left = request(0, 200);
    const right = request(1000, 1200);
    expect(placeArcs([left, right])).toEqual([
      defaultBulge(left.from, left.to),
      defaultBulge(right.from, right.to),
    ]);
  });
});
