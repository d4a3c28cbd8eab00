import { describe, expect, it } from 'vitest';
import { actionFor } from './shortcuts';

const press = (key: string, mods: Partial<{ ctrl: boolean; shift: boolean; alt: boolean; inField: boolean }> = {}) =>
  actionFor({ key, ctrl: false, shift: false, alt: false, inField: false, ...mods });

describe('actionFor', () => {
  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z or Ctrl+Y', () => {
    expect(press('z', { ctrl: true })).toBe('undo');
    expect(press('Z', { ctrl: true, shift: true })).toBe('redo');
    expect(press('y', { ctrl: true })).toBe('redo');
  });

  it('adds nodes with single letters, but not while typing', () => {
    expect(press('s')).toBe('add-stage');
    expect(press('t')).toBe('add-tool');
    expect(press('s', { inField: true })).toBeNull();
    expect(press('Backspace', { inField: true })).toBeNull();
    expect(press('z', { ctrl: true, inField: true })).toBeNull();
  });

  it('saves from anywhere, even a field', () => {
    expect(press('s', { ctrl: true, inField: true })).toBe('save');
    expect(press('S', { ctrl: true, shift: true })).toBe('save-as');
  });

  it('knows the rest and ignores what it does not know', () => {
    expect(press('?', { shift: true })).toBe('shortcuts');
    expect(press('Delete')).toBe('delete');
    expect(press('x')).toBeNull();
    expect(press('s', { alt: true })).toBeNull();
  });
});
