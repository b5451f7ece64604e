import type { AdminPermission, AdminRole, AdminUser, AuditEntry } from '@sv-sdk/components/admin';

export const users: AdminUser[] = [
  {
    id: 'u1',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    role: 'admin',
    emailVerified: true,
    createdAt: '2026-01-02T10:00:00Z',
    lastActiveAt: '2026-11-25T09:40:00Z',
  },
  {
    id: 'u2',
    name: 'Grace Hopper',
    email: 'grace@example.com',
    role: ['editor', 'support'],
    emailVerified: true,
    createdAt: '2026-03-14T10:00:00Z',
    lastActiveAt: '2026-11-24T16:02:00Z',
  },
  {
    id: 'u3',
    name: null,
    email: 'new.user@example.com',
    role: 'user',
    emailVerified: false,
    createdAt: '2026-11-24T08:00:00Z',
  },
  {
    id: 'u4',
    name: 'Mallory',
    email: 'mallory@example.com',
    role: 'user',
    emailVerified: true,
    banned: true,
    createdAt: '2026-06-01T10:00:00Z',
    lastActiveAt: '2026-10-01T10:00:00Z',
  },
  {
    id: 'u5',
    name: 'Alan Turing',
    email: 'alan@example.com',
    role: 'support',
    emailVerified: true,
    createdAt: '2026-02-20T10:00:00Z',
    lastActiveAt: '2026-11-20T11:30:00Z',
  },
];

export const roles: AdminRole[] = [
  { id: 'admin', name: 'Admin', description: 'Everything', locked: true },
  { id: 'editor', name: 'Editor' },
  { id: 'support', name: 'Support' },
  { id: 'user', name: 'User' },
];

export const permissions: AdminPermission[] = [
  { id: 'user:read', label: 'View users' },
  { id: 'user:create', label: 'Create users' },
  { id: 'user:ban', label: 'Ban users', description: 'Also signs them out everywhere.' },
  { id: 'user:impersonate', label: 'Impersonate users' },
  { id: 'role:manage', label: 'Manage roles' },
  { id: 'audit:read', label: 'View the audit log' },
  { id: 'audit:export', label: 'Export the audit log' },
  { id: 'email:template', label: 'Edit email templates', group: 'email' },
];

export const grants: Record<string, string[]> = {
  admin: permissions.map((p) => p.id),
  editor: ['user:read', 'email:template'],
  support: ['user:read', 'user:ban', 'audit:read'],
  user: [],
};

export const auditEntries: AuditEntry[] = [
  {
    id: 'a1',
    createdAt: '2026-11-25T09:41:12Z',
    actor: { id: 'u1', email: 'ada@example.com' },
    action: 'user.ban',
    target: 'user:u4',
    ipAddress: '192.0.2.10',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15',
    status: 'success',
    requestId: 'req_01JD8Z5S7M',
    hash: '9f2c1e0b5a7d4c3e8f6a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6',
    details: { reason: 'spam', sessionsRevoked: 3 },
  },
  {
    id: 'a2',
    createdAt: '2026-11-25T09:12:03Z',
    actor: { id: 'u3', email: 'new.user@example.com' },
    action: 'auth.login',
    ipAddress: '198.51.100.7',
    status: 'failure',
    details: { code: 'AUTH_EMAIL_NOT_VERIFIED' },
  },
  {
    id: 'a3',
    createdAt: '2026-11-25T08:00:00Z',
    actor: null,
    action: 'audit.archive',
    status: 'success',
    details: { archived: 12000 },
  },
  {
    id: 'a4',
    createdAt: '2026-11-24T16:02:44Z',
    actor: { id: 'u2', email: 'grace@example.com' },
    action: 'role.grant',
    target: 'role:support',
    ipAddress: '203.0.113.5',
    status: 'success',
    details: { permission: 'user:ban' },
  },
  {
    id: 'a5',
    createdAt: '2026-11-24T15:30:10Z',
    actor: { id: 'u5', email: 'alan@example.com' },
    action: 'email.template.update',
    target: 'template:welcome',
    status: 'success',
    details: { version: 4, password: '[redacted]' },
  },
];
