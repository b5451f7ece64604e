import { describe, expect, it } from 'vitest';
import { nextGridPosition } from './grid-navigation.js';

const bounds = { rows: 11, cols: 4 };

describe('nextGridPosition', () => {
  it('moves by one cell with the arrow keys and stops at the edges', () => {
    expect(nextGridPosition('ArrowDown', { row: 0, col: 1 }, bounds)).toEqual({ row: 1, col: 1 });
    expect(nextGridPosition('ArrowUp', { row: 0, col: 1 }, bounds)).toEqual({ row: 0, col: 1 });
    expect(nextGridPosition('ArrowRight', { row: 2, col: 3 }, bounds)).toEqual({ row: 2, col: 3 });
    expect(nextGridPosition('ArrowLeft', { row: 2, col: 3 }, bounds)).toEqual({ row: 2, col: 2 });
  });

  it('swaps left and right in right-to-left layouts', () => {
    expect(nextGridPosition('ArrowLeft', { row: 2, col: 1 }, bounds, { rtl: true })).toEqual({ row: 2, col: 2 });
    expect(nextGridPosition('ArrowRight', { row: 2, col: 1 }, bounds, { rtl: true })).toEqual({ row: 2, col: 0 });
  });

  it('handles Home/End (row, or grid with Ctrl) and PageUp/PageDown', () => {
    expect(nextGridPosition('Home', { row: 4, col: 2 }, bounds)).toEqual({ row: 4, col: 0 });
    expect(nextGridPosition('End', { row: 4, col: 0 }, bounds)).toEqual({ row: 4, col: 3 });
    expect(nextGridPosition('Home', { row: 4, col: 2 }, bounds, { ctrl: true })).toEqual({ row: 0, col: 0 });
    expect(nextGridPosition('End', { row: 4, col: 0 }, bounds, { ctrl: true })).toEqual({ row: 10, col: 3 });
    expect(nextGridPosition('PageDown', { row: 4, col: 1 }, bounds, { pageStep: 3 })).toEqual({ row: 7, col: 1 });
    expect(nextGridPosition('PageUp', { row: 4, col: 1 }, bounds)).toEqual({ row: 0, col: 1 });
  });

  it('ignores other keys', () => {
    expect(nextGridPosition('a', { row: 1, col: 1 }, bounds)).toBeNull();
    expect(nextGridPosition('Enter', { row: 1, col: 1 }, bounds)).toBeNull();
  });
});
