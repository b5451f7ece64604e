/**
 * A metric card: label, value, change with trend (announced as "up 12%"), description, loading.
 * `MetricCard` is the same component.
 *
 * @example
 * ```svelte
 * <Stat label="Active users" value="1,204" change="12%" trend="up" description="vs. last week" />
 * ```
 */
import Root from './stat.svelte';

export type { StatProps } from './stat.svelte';
export { Root, Root as Stat, Root as MetricCard };
