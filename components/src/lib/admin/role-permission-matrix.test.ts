import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { render } from 'vitest-browser-svelte';
import RolePermissionMatrix from './role-permission-matrix.svelte';
import { loadKitStyles } from '../ui/tests/styles.js';

const roles = [
  { id: 'admin', name: 'Admin', locked: true },
  { id: 'editor', name: 'Editor' },
];
const permissions = [
  { id: 'user:read', label: 'Read users' },
  { id: 'user:ban', label: 'Ban users' },
  { id: 'audit:read', label: 'Read audit log' },
];
const grants = { admin: ['user:read', 'user:ban', 'audit:read'], editor: ['user:read'] };

describe('RolePermissionMatrix', () => {
  it('is a table with role column headers and permission row headers', async () => {
    const screen = await render(RolePermissionMatrix, { props: { roles, permissions, grants } });
    await expect.element(screen.getByRole('table', { name: 'Permissions by role' })).toBeInTheDocument();
    await expect.element(screen.getByRole('columnheader', { name: 'Editor' })).toBeInTheDocument();
    await expect.element(screen.getByRole('rowheader', { name: 'Ban users' })).toBeInTheDocument();
    await expect.element(screen.getByRole('checkbox', { name: 'Read users for Editor' })).toBeChecked();
    await expect.element(screen.getByRole('checkbox', { name: 'Ban users for Editor' })).not.toBeChecked();
    // Locked roles cannot be edited.
    await expect.element(screen.getByRole('checkbox', { name: 'Ban users for Admin' })).toBeDisabled();
  });

  it('calls onToggle with the role, the permission and the new value', async () => {
    const onToggle = vi.fn();
    const screen = await render(RolePermissionMatrix, { props: { roles, permissions, grants, onToggle } });
    await screen.getByRole('checkbox', { name: 'Ban users for Editor' }).click();
    expect(onToggle).toHaveBeenCalledWith({ roleId: 'editor', permissionId: 'user:ban', granted: true });
    await screen.getByRole('checkbox', { name: 'Read users for Editor' }).click();
    expect(onToggle).toHaveBeenLastCalledWith({ roleId: 'editor', permissionId: 'user:read', granted: false });
  });

  it('rolls the checkbox back when the change fails', async () => {
    const onToggle = vi.fn(() => Promise.reject(new Error('PERMISSION_DENIED')));
    const screen = await render(RolePermissionMatrix, { props: { roles, permissions, grants, onToggle } });
    const box = screen.getByRole('checkbox', { name: 'Read audit log for Editor' });
    await box.click();
    await expect.element(box).not.toBeChecked();
    expect(onToggle).toHaveBeenCalledOnce();
  });

  it('uses the kit checkbox and gives every role column the same width', async () => {
    // Column widths come from the stylesheet (fixed table layout).
    const unload = loadKitStyles();
    onTestFinished(unload);
    const screen = await render(RolePermissionMatrix, {
      props: {
        roles: [
          { id: 'a', name: 'Admin' },
          { id: 'b', name: 'Customer support lead' },
          { id: 'c', name: 'QA' },
        ],
        permissions,
        grants: {},
      },
    });
    const box = screen.getByRole('checkbox', { name: 'Read users for QA' });
    // bits-ui's checkbox (a button), styled and focus-ringed like every kit checkbox.
    expect(box.element().tagName).toBe('BUTTON');
    await expect.element(box).toHaveAttribute('data-slot', 'checkbox');
    const widths = ['Admin', 'Customer support lead', 'QA'].map(
      (name) => screen.getByRole('columnheader', { name }).element().getBoundingClientRect().width,
    );
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(1);
  });
});
