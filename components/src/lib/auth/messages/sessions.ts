/**
 * The sessions list.
 */
export const sessionsMessages = {
  'auth.sessions.title': 'Active sessions',
  'auth.sessions.description': 'Devices signed in to your account.',
  'auth.sessions.device': 'Device',
  'auth.sessions.location': 'IP address',
  'auth.sessions.lastActive': 'Last active',
  'auth.sessions.actions': 'Actions',
  'auth.sessions.current': 'This device',
  'auth.sessions.revoke': 'Sign out',
  'auth.sessions.revokeLabel': 'Sign out {device}',
  'auth.sessions.revokeOthers': 'Sign out all other sessions',
  'auth.sessions.empty': 'No other active sessions.',
  'auth.sessions.unknownDevice': 'Unknown device',
} as const;
