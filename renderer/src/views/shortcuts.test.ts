import { describe, expect, it } from 'vitest';
import { shortcutOf, viewForShortcut } from './shortcuts.ts';

const keys = (
  code: string,
  extra: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {},
) => ({
  altKey: true,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  code,
  ...extra,
});

describe('view shortcuts', () => {
  it('Alt and a digit open the view at that place in the rail, from either digit row', () => {
    expect(viewForShortcut(keys('Digit1'))).toBe('overview');
    expect(viewForShortcut(keys('Digit6'))).toBe('logs');
    expect(viewForShortcut(keys('Numpad9'))).toBe('projector');
    expect(shortcutOf('logs')).toBe('Alt+6');
  });

  it('leaves every other key to the page', () => {
    expect(viewForShortcut(keys('Digit0'))).toBeNull();
    expect(viewForShortcut(keys('KeyP'))).toBeNull();
    expect(viewForShortcut({ ...keys('Digit2'), altKey: false })).toBeNull();
    expect(viewForShortcut(keys('Digit2', { ctrlKey: true }))).toBeNull();
    expect(viewForShortcut(keys('Digit2', { shiftKey: true }))).toBeNull();
  });
});
