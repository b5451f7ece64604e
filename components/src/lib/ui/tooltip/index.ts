/**
 * A tooltip (bits-ui): shown on hover and keyboard focus, hidden with Escape. Content is a hint,
 * never the only label of a control (give icon buttons a `label`).
 *
 * @example
 * ```svelte
 * <Tooltip.Root>
 *   <Tooltip.Trigger>{#snippet child({ props })}<Button {...props}>Export</Button>{/snippet}</Tooltip.Trigger>
 *   <Tooltip.Content>Download the audit log as CSV</Tooltip.Content>
 * </Tooltip.Root>
 * ```
 */
import { Tooltip as TooltipPrimitive } from 'bits-ui';
import Root from './tooltip.svelte';
import Content from './tooltip-content.svelte';

const Trigger: typeof TooltipPrimitive.Trigger = TooltipPrimitive.Trigger;
const Provider: typeof TooltipPrimitive.Provider = TooltipPrimitive.Provider;

export {
  Root,
  Trigger,
  Content,
  Provider,
  Root as Tooltip,
  Trigger as TooltipTrigger,
  Content as TooltipContent,
  Provider as TooltipProvider,
};
