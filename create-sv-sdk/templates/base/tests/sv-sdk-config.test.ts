import { describe, expect, it } from 'vitest';
import config from '../sv-sdk.config.ts';

describe('sv-sdk.config.ts', () => {
  it('installs the security and auth plugins', () => {
    expect(config.plugins.map((plugin) => plugin.name)).toEqual(['security', 'auth']);
  });
});
