import { afterAll, describe, expect, it, vi } from 'vitest';
import { authPlugin } from '../auth/plugin.ts';
import { securityPlugin } from '../security/plugin.ts';
import { appSDK } from './app-sdk.ts';

const holder = globalThis as typeof globalThis & { __svSdkApp?: Promise<import('../core/sdk.ts').SDK> };

describe('appSDK', () => {
  afterAll(async () => {
    await (await holder.__svSdkApp)?.close();
    holder.__svSdkApp = undefined;
  });

  it('one SDK per process; in development the first start seeds the admin, prints a banner and the dev mailbox', async () => {
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const config = {
        plugins: [securityPlugin({ memoryRateLimits: true }), authPlugin()],
        config: {
          NODE_ENV: 'development' as const,
          SV_SDK_DATA_DIR: 'memory://',
          LOG_LEVEL: 'silent' as const,
          SV_SDK_ADMIN_EMAIL: 'owner@example.com',
        },
      };
      const first = appSDK(config);
      expect(appSDK(config)).toBe(first);
      const sdk = await first;
      const admin = await sdk.service('auth').users.getByEmail('owner@example.com');
      expect(admin?.role).toBe('admin');
      const output = printed.join('');
      expect(output).toMatch(/Admin user created: owner@example\.com/);
      expect(output).toMatch(
        /\[sv-sdk\] development · database: PGlite \(memory:\/\/\) · cache: memory · jobs: postgres · mail: the console \(dev mailbox\)/,
      );
      expect(sdk.events.listenerCount('user.verification_requested')).toBe(1);
    } finally {
      write.mockRestore();
    }
  });
});
