import { describe, expect, it } from 'vitest';
import { orderPlugins } from './plugin-order.ts';

describe('orderPlugins', () => {
  it('puts dependencies first and keeps the given order otherwise', () => {
    const ordered = orderPlugins([
      { name: 'audit', dependsOn: ['db', 'jobs'] },
      { name: 'db' },
      { name: 'jobs', dependsOn: ['db'] },
      { name: 'cache' },
    ]);
    expect(ordered.map((plugin) => plugin.name)).toEqual(['db', 'jobs', 'audit', 'cache']);
  });

  it('names a missing dependency', () => {
    expect(() => orderPlugins([{ name: 'email', dependsOn: ['jobs'] }])).toThrow(
      'Plugin "email" depends on "jobs", which is not installed.',
    );
  });

  it('names the plugins of a cycle', () => {
    expect(() =>
      orderPlugins([
        { name: 'a', dependsOn: ['b'] },
        { name: 'b', dependsOn: ['c'] },
        { name: 'c', dependsOn: ['a'] },
      ]),
    ).toThrow('a cycle: a → b → c → a');
  });

  it('refuses two plugins with one name', () => {
    expect(() => orderPlugins([{ name: 'db' }, { name: 'db' }])).toThrow(/Two plugins are named "db"/);
  });
});
