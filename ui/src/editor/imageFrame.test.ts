import { describe, expect, it } from 'vitest';
import { imageFrame, unionBox } from './imageFrame';

describe('image frame', () => {
  it('holds every box', () => {
    expect(unionBox([{ x: 0, y: 0, width: 10, height: 10 }, { x: -5, y: 20, width: 10, height: 5 }])).toEqual({
      x: -5, y: 0, width: 15, height: 25,
    });
    expect(unionBox([])).toBeNull();
  });

  it('moves what is drawn inside the margin', () => {
    expect(imageFrame({ x: -80, y: 40, width: 1000.5, height: 300 }, 32)).toEqual({
      width: 1065,
      height: 364,
      transform: 'translate(112px, -8px) scale(1)',
    });
  });
});
