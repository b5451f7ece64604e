import { describe, expect, it } from 'vitest';
import { pageSizeChoices, pageStatus, skeletonRowCount } from './page-status.js';

describe('pageStatus', () => {
  it('says loading, with no count, while the first page is in flight', () => {
    expect(pageStatus(0, {}, true)).toEqual({ kind: 'loading' });
    expect(pageStatus(0, undefined, true)).toEqual({ kind: 'loading' });
  });

  it('says empty, with no range, when the server returns no rows', () => {
    expect(pageStatus(0, { offset: 0, totalCount: 0 }, false)).toEqual({ kind: 'empty' });
    expect(pageStatus(0, undefined, false)).toEqual({ kind: 'empty' });
  });

  it('gives the range of the rows on screen, also while the next page loads', () => {
    expect(pageStatus(10, { offset: 0, totalCount: 10_000 }, false)).toEqual({
      kind: 'range',
      from: 1,
      to: 10,
      total: 10_000,
    });
    expect(pageStatus(25, { offset: 50 }, true)).toEqual({ kind: 'range', from: 51, to: 75, total: undefined });
  });

  it('falls back to the row count when the server gives no offset', () => {
    expect(pageStatus(7, { nextCursor: 'x' }, false)).toEqual({ kind: 'count', count: 7 });
  });
});

describe('pageSizeChoices', () => {
  it('always offers the current page size, in order', () => {
    expect(pageSizeChoices([10, 25, 50, 100], 25)).toEqual([10, 25, 50, 100]);
    expect(pageSizeChoices([10, 25, 50, 100], 5)).toEqual([5, 10, 25, 50, 100]);
    expect(pageSizeChoices([], 20)).toEqual([20]);
  });
});

describe('skeletonRowCount', () => {
  it('fills the expected page, capped', () => {
    expect(skeletonRowCount(5)).toBe(5);
    expect(skeletonRowCount(100)).toBe(10);
    expect(skeletonRowCount(0)).toBe(1);
  });
});
