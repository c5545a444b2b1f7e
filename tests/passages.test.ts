import { codePointOffset, findPassage, passageAt } from '../db/passages';

// Passages by code point (the W3C TextPositionSelector's unit), found again by their words and context.

describe('passages', () => {
  const text = 'A 🙂 said “yes”. B said “yes” too. C said “no”.';

  it('counts offsets in code points, not UTF-16 units', () => {
    expect(codePointOffset(text, text.indexOf('said'))).toBe(text.indexOf('said') - 1);
    expect(codePointOffset('abc', 2)).toBe(2);
    expect(passageAt(text, 2, 3)).toMatchObject({ exact: '🙂', prefix: 'A ', suffix: ' said “yes”. B said “yes” too. C' });
    expect(passageAt(text, 5, 5)).toBeUndefined();
    expect(passageAt(text, 0, 1000)).toBeUndefined();
  });

  it('finds repeated words by their context, then by the nearest old offset, and refuses to guess', () => {
    expect(findPassage(text, 'yes')).toBeUndefined();
    expect(findPassage(text, 'maybe')).toBeUndefined();
    expect(findPassage(text, 'no')).toMatchObject({ exact: 'no', suffix: '”.' });
    const second = findPassage(text, 'yes', { prefix: 'B said “' });
    expect(second).toMatchObject({ start_offset: Array.from(text.slice(0, text.lastIndexOf('yes'))).length });
    expect(findPassage(text, 'yes', { start_offset: 9 })?.start_offset).toBe(10);
    // Moved by an inserted line: context finds it even though the old offset now points elsewhere.
    const moved = `Correction.\n${text}`;
    expect(findPassage(moved, 'yes', { prefix: 'B said “', start_offset: second!.start_offset })?.start_offset).toBe(second!.start_offset + 12);
  });
});
