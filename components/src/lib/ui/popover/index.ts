/**
 * A popover (bits-ui): non-modal floating content opened by a trigger; focus moves in, Escape
 * and outside clicks close it and focus returns to the trigger.
 *
 * @example
 * ```svelte
 * <Popover.Root>
 *   <Popover.Trigger class={buttonVariants({ variant: 'outline' })}>Filters</Popover.Trigger>
 *   <Popover.Content>…</Popover.Content>
 * </Popover.Root>
 * ```
 */
import { Popover as PopoverPrimitive } from 'bits-ui';
import Content from './popover-content.svelte';

const Root: typeof PopoverPrimitive.Root = PopoverPrimitive.Root;
const Trigger: typeof PopoverPrimitive.Trigger = PopoverPrimitive.Trigger;
const Close: typeof PopoverPrimitive.Close = PopoverPrimitive.Close;

export {
  Root,
  Trigger,
  Content,
  Close,
  Root as Popover,
  Trigger as PopoverTrigger,
  Content as PopoverContent,
  Close as PopoverClose,
};
