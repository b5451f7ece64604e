import { describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { page, userEvent } from 'vitest/browser';
import UsersTable from './users-table.svelte';
import AuditLogViewer from './audit-log-viewer.svelte';
import AppShell from './app-shell.svelte';
import { createRawSnippet } from 'svelte';
import type { AdminUser, AuditEntry } from './types.js';

const users: AdminUser[] = [
  {
    id: '1',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    role: 'admin',
    emailVerified: true,
    createdAt: '2026-01-02',
  },
  { id: '2', name: null, email: 'bob@example.com', role: ['editor', 'support'], emailVerified: false },
  { id: '3', name: 'Eve', email: 'eve@example.com', role: 'user', banned: true },
];

const entries: AuditEntry[] = [
  {
    id: 'a1',
    createdAt: '2026-11-20T10:00:00Z',
    actor: { id: '1', email: 'ada@example.com' },
    action: 'user.ban',
    target: 'user:3',
    ipAddress: '203.0.113.9',
    status: 'success',
    requestId: 'req_42',
    details: { reason: 'spam', password: '[redacted]' },
  },
  { id: 'a2', createdAt: '2026-11-20T09:00:00Z', actor: null, action: 'session.expired', status: 'failure' },
];

describe('UsersTable', () => {
  it('shows users with status badges and offers only the actions that apply', async () => {
    const onAction = vi.fn();
    const screen = await render(UsersTable, { props: { users, onAction, roles: ['admin', 'editor'] } });
    const grid = screen.getByRole('grid', { name: 'Users' });
    await expect.element(grid).toBeInTheDocument();
    await expect.element(grid.getByText('Banned')).toBeInTheDocument();
    await expect.element(grid.getByText('Unverified')).toBeInTheDocument();

    await screen.getByRole('button', { name: 'Actions for Eve' }).click();
    await expect.element(page.getByRole('menuitem', { name: 'Unban' })).toBeInTheDocument();
    await expect.element(page.getByRole('menuitem', { name: 'Ban' })).not.toBeInTheDocument();
    await page.getByRole('menuitem', { name: 'Unban' }).click();
    expect(onAction).toHaveBeenCalledWith('unban', users[2]);
  });

  it('emits filter changes', async () => {
    const onFiltersChange = vi.fn();
    const screen = await render(UsersTable, { props: { users, onFiltersChange, roles: ['admin', 'editor'] } });
    // The kit's Select (a listbox), not a native <select>.
    await screen.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Banned' }).click();
    expect(onFiltersChange).toHaveBeenLastCalledWith({ status: 'banned' });
    await screen.getByRole('combobox', { name: 'Role', exact: true }).click();
    await page.getByRole('option', { name: 'editor' }).click();
    expect(onFiltersChange).toHaveBeenLastCalledWith({ status: 'banned', role: 'editor' });
    // "All roles" clears that filter again.
    await screen.getByRole('combobox', { name: 'Role', exact: true }).click();
    await page.getByRole('option', { name: 'All roles' }).click();
    expect(onFiltersChange).toHaveBeenLastCalledWith({ status: 'banned', role: undefined });
  });

  it('says there are no users yet without filters, and offers to clear filters with them', async () => {
    const onFiltersChange = vi.fn();
    const onSearchChange = vi.fn();
    const screen = await render(UsersTable, { props: { users: [], onFiltersChange, onSearchChange } });
    await expect.element(screen.getByRole('heading', { name: 'No users yet' })).toBeInTheDocument();
    expect(screen.container.textContent).not.toContain('match these filters');

    await screen.rerender({ search: 'zed' });
    await expect.element(screen.getByRole('heading', { name: 'No users match these filters.' })).toBeInTheDocument();
    await screen.getByRole('button', { name: 'Clear filters' }).click();
    expect(onFiltersChange).toHaveBeenLastCalledWith({});
    expect(onSearchChange).toHaveBeenLastCalledWith('');
    await expect.element(screen.getByRole('heading', { name: 'No users yet' })).toBeInTheDocument();
  });
});

describe('AuditLogViewer', () => {
  it('expands a row to show its details', async () => {
    const screen = await render(AuditLogViewer, { props: { entries, actions: ['user.ban', 'session.expired'] } });
    await expect.element(screen.getByText('System')).toBeInTheDocument();
    const toggle = screen.getByRole('button', { name: 'Show details' }).first();
    await expect.element(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect.element(screen.getByRole('button', { name: 'Hide details' })).toHaveAttribute('aria-expanded', 'true');
    await expect.element(screen.getByText('req_42')).toBeInTheDocument();
    expect(screen.container.querySelector('pre')?.textContent).toContain('"reason": "spam"');
  });

  it('emits the date filters', async () => {
    const onFiltersChange = vi.fn();
    const screen = await render(AuditLogViewer, { props: { entries, onFiltersChange } });
    // The kit's DatePicker: typed segment by segment (month, day, year in en-US).
    await userEvent.click(screen.getByRole('spinbutton', { name: 'month, From' }));
    await userEvent.keyboard('11012026');
    expect(onFiltersChange).toHaveBeenLastCalledWith({ from: '2026-11-01' });
    // The other end of the range cannot go before it.
    await userEvent.click(screen.getByRole('spinbutton', { name: 'month, To' }));
    await userEvent.keyboard('10302026');
    await expect.element(screen.getByRole('spinbutton', { name: 'month, To' })).toHaveAttribute('aria-invalid', 'true');
    expect(onFiltersChange).toHaveBeenLastCalledWith({ from: '2026-11-01' });
  });

  it('filters actions with the kit select', async () => {
    const onFiltersChange = vi.fn();
    const screen = await render(AuditLogViewer, {
      props: { entries, onFiltersChange, actions: ['user.ban', 'session.expired'] },
    });
    const trigger = screen.getByRole('combobox', { name: 'Action' });
    await expect.element(trigger).toHaveTextContent('All actions');
    await trigger.click();
    await page.getByRole('option', { name: 'user.ban' }).click();
    expect(onFiltersChange).toHaveBeenLastCalledWith({ action: 'user.ban' });
    await expect.element(trigger).toHaveTextContent('user.ban');
  });

  it('says there are no audit events yet without filters; with filters it offers to clear them', async () => {
    const onFiltersChange = vi.fn();
    const screen = await render(AuditLogViewer, { props: { entries: [], onFiltersChange } });
    await expect.element(screen.getByRole('heading', { name: 'No audit events yet' })).toBeInTheDocument();
    expect(screen.container.textContent).not.toContain('match these filters');
    expect(screen.container.querySelector('button[data-slot="button"]')).toBeNull();

    await screen.rerender({ filters: { action: 'user.ban', from: '2026-11-01' } });
    await expect
      .element(screen.getByRole('heading', { name: 'No audit events match these filters.' }))
      .toBeInTheDocument();
    const clear = screen.getByRole('button', { name: 'Clear filters' });
    // Reachable with Tab: the grid's roving tabindex leaves the empty state alone.
    expect((clear.element() as HTMLElement).tabIndex).toBe(0);
    await clear.click();
    expect(onFiltersChange).toHaveBeenLastCalledWith({});
    await expect.element(screen.getByRole('heading', { name: 'No audit events yet' })).toBeInTheDocument();
  });
});

describe('AppShell', () => {
  it('has a skip link, a labelled navigation with the current page, and a main landmark', async () => {
    const children = createRawSnippet(() => ({ render: () => '<p>Dashboard body</p>' }));
    const screen = await render(AppShell, {
      props: {
        nav: [
          { href: '/admin', label: 'Dashboard' },
          { href: '/admin/users', label: 'Users' },
        ],
        currentPath: '/admin/users/42',
        children,
      },
    });
    await expect
      .element(screen.getByRole('link', { name: 'Skip to content' }))
      .toHaveAttribute('href', '#main-content');
    await expect.element(screen.getByRole('main')).toHaveAttribute('id', 'main-content');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    await expect.element(nav.getByRole('link', { name: 'Users' })).toHaveAttribute('aria-current', 'page');
    expect(nav.getByRole('link', { name: 'Dashboard' }).element().hasAttribute('aria-current')).toBe(false);
  });
});
