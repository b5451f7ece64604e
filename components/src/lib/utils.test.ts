import { describe, expect, it } from 'vitest';
import { cn, cx } from './utils.js';

describe('cn', () => {
  it('joins classes, drops falsy ones and lets later Tailwind classes win', () => {
    const hidden = (flag: boolean) => flag && 'hidden';
    expect(cn('px-2 py-1', hidden(false), null, undefined, 'px-4')).toBe('py-1 px-4');
    expect(cn('bg-primary text-primary-foreground', 'bg-destructive')).toBe('text-primary-foreground bg-destructive');
    expect(cn(['rounded-md', { 'opacity-60': true, 'sr-only': false }])).toBe('rounded-md opacity-60');
  });
});

describe('cx', () => {
  it('joins classes and drops falsy ones, keeping every class (no conflict resolution)', () => {
    expect(cx('px-2 py-1', false, null, undefined, 'px-4')).toBe('px-2 py-1 px-4');
    expect(cx(['rounded-md', { 'opacity-60': true, 'sr-only': false }], 'mt-2')).toBe('rounded-md opacity-60 mt-2');
  });
});
