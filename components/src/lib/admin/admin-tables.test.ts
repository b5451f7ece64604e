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
    await userEvent.selectOptions(screen.getByLabelText('Status').element(), 'banned');
    expect(onFiltersChange).toHaveBeenLastCalledWith({ status: 'banned' });
    await userEvent.selectOptions(screen.getByLabelText('Role', { exact: true }).element(), 'editor');
    expect(onFiltersChange).toHaveBeenLastCalledWith({ status: 'banned', role: 'editor' });
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
    await userEvent.fill(screen.getByLabelText('From').element(), '2026-11-01');
    expect(onFiltersChange).toHaveBeenLastCalledWith({ from: '2026-11-01' });
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
