/**
 * Tabs (bits-ui): Root, List, Trigger, Content. Arrow keys move between tabs, Home/End jump.
 *
 * @example
 * ```svelte
 * <Tabs.Root value="profile">
 *   <Tabs.List aria-label="Account"><Tabs.Trigger value="profile">Profile</Tabs.Trigger><Tabs.Trigger value="security">Security</Tabs.Trigger></Tabs.List>
 *   <Tabs.Content value="profile">…</Tabs.Content>
 *   <Tabs.Content value="security">…</Tabs.Content>
 * </Tabs.Root>
 * ```
 */
import Root from './tabs.svelte';
import List from './tabs-list.svelte';
import Trigger from './tabs-trigger.svelte';
import Content from './tabs-content.svelte';

export { Root, List, Trigger, Content, Root as Tabs, List as TabsList, Trigger as TabsTrigger, Content as TabsContent };
