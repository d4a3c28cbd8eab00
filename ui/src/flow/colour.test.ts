import { describe, expect, it } from 'vitest';
import { contrast, heatColour, legendGradient, luminance, textOn, viridis } from './colour';

describe('the heat colour scale', () => {
  it('is viridis: its published ends and middle', () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(0.5)).toBe('#21908c');
    expect(viridis(1)).toBe('#fde725');
    expect(viridis(-3)).toBe('#440154');
    expect(viridis(7)).toBe('#fde725');
    // Between samples: interpolated.
    expect(viridis(0.05)).toBe('#461365');
  });

  it('gets darker with more heat, steadily, so order survives any colour vision or greyscale', () => {
    const lums = Array.from({ length: 101 }, (_, i) => luminance(heatColour(i / 100)));
    for (let i = 1; i < lums.length; i++) expect(lums[i]!).toBeLessThan(lums[i - 1]!);
    expect(heatColour(1)).toBe('#440154');
    expect(heatColour(0)).toBe('#fde725');
  });

  it('writes figures in black or white, whichever reads at WCAG AA on the fill', () => {
    expect(textOn(heatColour(1))).toBe('#ffffff');
    expect(textOn(heatColour(0))).toBe('#000000');
    for (let i = 0; i <= 100; i++) {
      const fill = heatColour(i / 100);
      expect(contrast(fill, textOn(fill))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('draws the legend from the least heat to the most', () => {
    const g = legendGradient(2);
    expect(g).toBe('linear-gradient(to right, #fde725 0%, #21908c 50%, #440154 100%)');
  });
});
