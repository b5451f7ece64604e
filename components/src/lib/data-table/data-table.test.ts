import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { page, userEvent } from 'vitest/browser';
import { flushSync } from 'svelte';
import DataTable from './data-table.svelte';
import { loadKitStyles } from '../ui/tests/styles.js';
import type { DataTableColumn, DataTablePageInfo } from './types.js';

interface Person {
  id: string;
  name: string;
  email: string;
  age: number;
}

/** 10,000 generated rows, served a page at a time with opaque cursors (like the server does). */
const ALL: Person[] = Array.from({ length: 10_000 }, (_, i) => ({
  id: `u${i}`,
  name: `Person ${String(i).padStart(5, '0')}`,
  email: `person${i}@example.com`,
  age: 18 + (i % 60),
}));

function serve(offset: number, size: number): { rows: Person[]; pageInfo: DataTablePageInfo } {
  const rows = ALL.slice(offset, offset + size);
  return {
    rows,
    pageInfo: {
      offset,
      totalCount: ALL.length,
      prevCursor: offset > 0 ? String(Math.max(offset - size, 0)) : null,
      nextCursor: offset + size < ALL.length ? String(offset + size) : null,
    },
  };
}

const columns: DataTableColumn<Person>[] = [
  { id: 'name', header: 'Name', sortable: true },
  { id: 'email', header: 'Email' },
  { id: 'age', header: 'Age', sortable: true, align: 'end' },
];

const base = { columns, getRowId: (p: Person) => p.id, label: 'People' };

describe('DataTable', () => {
  it('renders only the current page of a 10,000-row result and asks the server for the next one', async () => {
    const first = serve(0, 25);
    const onPageChange = vi.fn();
    const screen = await render(DataTable<Person>, { props: { ...base, ...first, onPageChange } });

    const grid = screen.getByRole('grid', { name: 'People' });
    await expect.element(grid).toBeInTheDocument();
    expect(grid.element().querySelectorAll('tbody tr')).toHaveLength(25);
    expect(grid.element().getAttribute('aria-rowcount')).toBe('10001');
    expect(screen.getByRole('navigation', { name: 'Pagination' }).element().textContent).toContain(
      'Rows 1–25 of 10,000',
    );

    await screen.getByRole('button', { name: 'Next page' }).click();
    expect(onPageChange).toHaveBeenCalledWith({ direction: 'next', cursor: '25' });

    // Previous is unavailable on the first page.
    expect(screen.getByRole('button', { name: 'Previous page' }).element().getAttribute('aria-disabled')).toBe('true');
  });

  it('pages through 10,000 rows keeping only the current page in the DOM', async () => {
    let state = serve(0, 100);
    const screen = await render(DataTable<Person>, { props: { ...base, ...state } });
    const tbody = () => screen.getByRole('grid').element().querySelector('tbody')!;
    const timings: number[] = [];
    for (let i = 1; i <= 20; i++) {
      state = serve(i * 100, 100);
      const t0 = performance.now();
      await screen.rerender({ ...state });
      flushSync();
      timings.push(performance.now() - t0);
      // Each page replaces the last: the DOM never grows with the result set.
      expect(tbody().querySelectorAll('tr')).toHaveLength(100);
    }
    expect(tbody().textContent).toContain('Person 02000');
    expect(tbody().textContent).not.toContain('Person 01900');
    timings.sort((a, b) => a - b);
    // A figure, not an assertion: timings belong to benchmarks, and this machine is shared.
    console.log(
      `[data-table] page change (100 rows, 10,000 total): median ${timings[10]?.toFixed(1)} ms, max ${timings.at(-1)?.toFixed(1)} ms`,
    );
  });

  it('emits the sort and reflects it with aria-sort', async () => {
    const onSortChange = vi.fn();
    const screen = await render(DataTable<Person>, { props: { ...base, ...serve(0, 10), onSortChange } });
    const nameHeader = screen.getByRole('columnheader', { name: 'Name' });
    await expect.element(nameHeader).toHaveAttribute('aria-sort', 'none');
    // Unsortable columns carry no aria-sort.
    expect(screen.getByRole('columnheader', { name: 'Email' }).element().hasAttribute('aria-sort')).toBe(false);

    await screen.getByRole('button', { name: 'Name' }).click();
    expect(onSortChange).toHaveBeenLastCalledWith([{ id: 'name', desc: false }]);
    await expect.element(nameHeader).toHaveAttribute('aria-sort', 'ascending');

    await screen.getByRole('button', { name: 'Name' }).click();
    expect(onSortChange).toHaveBeenLastCalledWith([{ id: 'name', desc: true }]);
    await expect.element(nameHeader).toHaveAttribute('aria-sort', 'descending');
  });

  it('moves focus with the arrow keys and keeps a single tab stop (roving tabindex)', async () => {
    const screen = await render(DataTable<Person>, { props: { ...base, ...serve(0, 5) } });
    const grid = screen.getByRole('grid').element() as HTMLTableElement;
    const tabStops = () => grid.querySelectorAll('[tabindex="0"]');
    expect(tabStops()).toHaveLength(1);

    // First tab stop is the first header cell's sort button.
    (tabStops()[0] as HTMLElement).focus();
    expect(document.activeElement?.textContent?.trim()).toBe('Name');

    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent?.trim()).toBe('Person 00000');
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent?.trim()).toBe('Person 00001');
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement?.textContent?.trim()).toBe('person1@example.com');
    await userEvent.keyboard('{End}');
    expect(document.activeElement?.textContent?.trim()).toBe('19');
    await userEvent.keyboard('{Control>}{End}{/Control}');
    expect(document.activeElement?.textContent?.trim()).toBe('22');
    await userEvent.keyboard('{Home}');
    expect(document.activeElement?.textContent?.trim()).toBe('Person 00004');
    expect(tabStops()).toHaveLength(1);
    expect(tabStops()[0]).toBe(document.activeElement);
  });

  it('selects rows with checkboxes and the keyboard, shows bulk actions and aria-selected', async () => {
    const onSelectionChange = vi.fn();
    const screen = await render(DataTable<Person>, {
      props: { ...base, ...serve(0, 5), selectable: true, onSelectionChange },
    });
    const grid = screen.getByRole('grid');
    await expect.element(grid).toHaveAttribute('aria-multiselectable', 'true');

    const boxes = screen.getByRole('checkbox', { name: 'Select row' });
    await boxes.nth(1).click();
    expect(onSelectionChange).toHaveBeenLastCalledWith(['u1']);
    const rows = grid.element().querySelectorAll('tbody tr');
    expect(rows[1]!.getAttribute('aria-selected')).toBe('true');
    expect(rows[0]!.getAttribute('aria-selected')).toBe('false');
    await expect.element(screen.getByText('1 selected')).toBeInTheDocument();

    // Space on a plain cell toggles its row.
    (rows[3]!.querySelectorAll('td')[1] as HTMLElement).focus();
    await userEvent.keyboard(' ');
    expect(onSelectionChange).toHaveBeenLastCalledWith(['u1', 'u3']);

    await screen.getByRole('checkbox', { name: 'Select all rows on this page' }).click();
    expect(onSelectionChange.mock.lastCall?.[0]).toHaveLength(5);
    await expect.element(screen.getByText('5 selected')).toBeInTheDocument();

    await screen.getByRole('button', { name: 'Clear selection' }).click();
    expect(onSelectionChange).toHaveBeenLastCalledWith([]);
    expect(grid.element().querySelectorAll('[aria-selected="true"]')).toHaveLength(0);
  });

  it('shows skeleton rows and no count while the first page loads', async () => {
    const screen = await render(DataTable<Person>, {
      props: { ...base, rows: [], loading: true, pageSize: 5, pageInfo: {}, onPageChange: () => {} },
    });
    const grid = screen.getByRole('grid');
    await expect.element(grid).toHaveAttribute('aria-busy', 'true');
    await expect.element(screen.getByRole('status')).toHaveTextContent('Loading…');
    // One placeholder row per expected row, hidden from assistive technology.
    const skeletons = grid.element().querySelectorAll('tbody tr[data-slot="data-table-skeleton-row"]');
    expect(skeletons).toHaveLength(5);
    expect([...skeletons].every((tr) => tr.getAttribute('aria-hidden') === 'true')).toBe(true);
    // No row count for rows that are not there yet (it used to say "0 rows on this page").
    const nav = screen.getByRole('navigation', { name: 'Pagination' }).element();
    expect(nav.textContent).not.toMatch(/rows on this page|Rows \d/);
  });

  it('shows an empty state and no range when there are no results', async () => {
    const screen = await render(DataTable<Person>, {
      props: { ...base, rows: [], pageInfo: { offset: 0, totalCount: 0 }, onPageChange: () => {} },
    });
    await expect.element(screen.getByRole('status')).toHaveTextContent('No results.');
    await expect.element(screen.getByRole('heading', { name: 'No results.' })).toBeInTheDocument();
    // "Rows 0–0 of 0" and paging controls say nothing about an empty result.
    expect(screen.container.textContent).not.toContain('0–0');
    expect(screen.container.querySelector('[data-slot="data-table-pagination"]')).toBeNull();
  });

  it('keeps paging controls on an empty page that has a page before it', async () => {
    const screen = await render(DataTable<Person>, {
      props: { ...base, rows: [], pageInfo: { offset: 50, totalCount: 50, prevCursor: '25' }, onPageChange: () => {} },
    });
    await expect.element(screen.getByRole('button', { name: 'Previous page' })).toBeInTheDocument();
    expect(screen.container.textContent).not.toMatch(/Rows \d/);
  });

  it('uses the kit checkbox, with a mixed header state for a partial selection', async () => {
    const onSelectionChange = vi.fn();
    const screen = await render(DataTable<Person>, {
      props: { ...base, ...serve(0, 3), selectable: true, selectedIds: ['u1'], onSelectionChange },
    });
    const all = screen.getByRole('checkbox', { name: 'Select all rows on this page' });
    // A button (bits-ui), not a native input: it takes the kit's look and focus ring.
    expect(all.element().tagName).toBe('BUTTON');
    await expect.element(all).toHaveAttribute('aria-checked', 'mixed');
    // Mixed → all, like shadcn's data table.
    await all.click();
    expect([...(onSelectionChange.mock.lastCall?.[0] ?? [])].sort()).toEqual(['u0', 'u1', 'u2']);
    await expect.element(all).toHaveAttribute('aria-checked', 'true');
    await all.click();
    expect(onSelectionChange).toHaveBeenLastCalledWith([]);
    await expect.element(all).toHaveAttribute('aria-checked', 'false');
  });

  it('offers page sizes in the kit select, always including the current size', async () => {
    const onPageSizeChange = vi.fn();
    const screen = await render(DataTable<Person>, {
      props: { ...base, ...serve(0, 5), pageSize: 5, onPageSizeChange },
    });
    const trigger = screen.getByRole('combobox', { name: 'Rows per page' });
    // The size the rows were fetched with is what the selector shows, even when not a preset.
    await expect.element(trigger).toHaveTextContent('5');
    await trigger.click();
    await expect.element(page.getByRole('option', { name: '5', exact: true })).toBeInTheDocument();
    await page.getByRole('option', { name: '50', exact: true }).click();
    expect(onPageSizeChange).toHaveBeenLastCalledWith(50);
    await expect.element(trigger).toHaveTextContent('50');
  });

  it('shows the kit focus ring on cells (inside the cell) and on checkboxes', async () => {
    onTestFinished(loadKitStyles());
    const screen = await render(DataTable<Person>, { props: { ...base, ...serve(0, 3), selectable: true } });
    const grid = screen.getByRole('grid').element();
    const ring = () => {
      const style = getComputedStyle(document.activeElement!);
      return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineOffset}`;
    };
    (grid.querySelector('[tabindex="0"]') as HTMLElement).focus();
    await userEvent.keyboard('{ArrowDown}');
    // A row checkbox: the kit's ring, outside the box.
    expect(document.activeElement?.getAttribute('data-slot')).toBe('checkbox');
    await expect.poll(ring).toBe('solid 2px 2px');
    await userEvent.keyboard('{ArrowRight}');
    // A plain cell: the same ring, drawn inside so the scroll container does not clip it.
    expect(document.activeElement?.tagName).toBe('TD');
    await expect.poll(ring).toBe('solid 2px -2px');
  });

  it('hides columns through the column menu', async () => {
    const screen = await render(DataTable<Person>, { props: { ...base, ...serve(0, 3) } });
    await expect.element(screen.getByRole('columnheader', { name: 'Email' })).toBeInTheDocument();
    await screen.getByRole('button', { name: 'Show or hide columns' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Email' }).click();
    await expect.element(screen.getByRole('columnheader', { name: 'Email' })).not.toBeInTheDocument();
  });
});
