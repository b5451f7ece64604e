import { createLogger, EventBus, type SDKEvents } from '@sv-sdk/kit';
import { describe, expect, it, vi } from 'vitest';
import config, { welcomePlugin } from '../sv-sdk.config.ts';

describe('sv-sdk.config.ts', () => {
  it('installs the security, auth and permissions plugins, then the app’s own', () => {
    expect(config.plugins.map((plugin) => plugin.name)).toEqual(['security', 'auth', 'permissions', 'app.welcome']);
  });

  it('welcomes every new account', async () => {
    const events = new EventBus<SDKEvents>(createLogger({ level: 'silent' }));
    const logger = { info: vi.fn() };
    // Only what the plugin uses of its context: the event bus and its logger.
    await welcomePlugin.setup({ events, logger } as unknown as Parameters<typeof welcomePlugin.setup>[0]);
    await events.emit('user.created', { userId: 'u1', email: 'ada@example.com', name: 'Ada', emailVerified: false });
    expect(logger.info).toHaveBeenCalledWith({ userId: 'u1' }, 'welcome, Ada');
  });
});
