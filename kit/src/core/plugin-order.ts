import { sdkError } from './errors.ts';

interface Node {
  name: string;
  dependsOn?: readonly string[];
}

/**
 * Orders plugins so that each comes after everything it depends on, keeping the given order otherwise.
 * A missing dependency or a cycle throws `PLUGIN_DEPENDENCY` naming the plugins involved.
 */
export function orderPlugins<P extends Node>(plugins: readonly P[]): P[] {
  const byName = new Map<string, P>();
  for (const plugin of plugins) {
    if (byName.has(plugin.name)) {
      throw sdkError('PLUGIN_DEPENDENCY', { message: `[sv-sdk] Two plugins are named "${plugin.name}".` });
    }
    byName.set(plugin.name, plugin);
  }
  for (const plugin of plugins) {
    for (const dependency of plugin.dependsOn ?? []) {
      if (!byName.has(dependency)) {
        throw sdkError('PLUGIN_DEPENDENCY', {
          message: `[sv-sdk] Plugin "${plugin.name}" depends on "${dependency}", which is not installed.`,
          details: { plugin: plugin.name, missing: dependency },
        });
      }
    }
  }

  const ordered: P[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: P, path: string[]): void => {
    const seen = state.get(plugin.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(plugin.name)), plugin.name];
      throw sdkError('PLUGIN_DEPENDENCY', {
        message: `[sv-sdk] Plugins depend on each other in a cycle: ${cycle.join(' → ')}.`,
        details: { cycle },
      });
    }
    state.set(plugin.name, 'visiting');
    for (const dependency of plugin.dependsOn ?? []) visit(byName.get(dependency) as P, [...path, plugin.name]);
    state.set(plugin.name, 'done');
    ordered.push(plugin);
  };
  for (const plugin of plugins) visit(plugin, []);
  return ordered;
}
