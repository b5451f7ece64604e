/**
 * A menu of actions (bits-ui DropdownMenu): arrow keys, typeahead, Escape, focus returns to the
 * trigger. Parts: Root, Trigger, Content, Item (variant `destructive`), CheckboxItem, Group,
 * Label (group heading), Separator, Sub, SubTrigger, SubContent, RadioGroup, RadioItem.
 *
 * @example
 * ```svelte
 * <DropdownMenu.Root>
 *   <DropdownMenu.Trigger class={buttonVariants({ variant: 'ghost', size: 'icon' })} aria-label="Actions">…</DropdownMenu.Trigger>
 *   <DropdownMenu.Content>
 *     <DropdownMenu.Item onSelect={edit}>Edit</DropdownMenu.Item>
 *     <DropdownMenu.Separator />
 *     <DropdownMenu.Item variant="destructive" onSelect={remove}>Delete</DropdownMenu.Item>
 *   </DropdownMenu.Content>
 * </DropdownMenu.Root>
 * ```
 */
import { DropdownMenu as DropdownMenuPrimitive } from 'bits-ui';
import Content from './dropdown-menu-content.svelte';
import Item from './dropdown-menu-item.svelte';
import CheckboxItem from './dropdown-menu-checkbox-item.svelte';
import Separator from './dropdown-menu-separator.svelte';
import Label from './dropdown-menu-label.svelte';

const Root: typeof DropdownMenuPrimitive.Root = DropdownMenuPrimitive.Root;
const Trigger: typeof DropdownMenuPrimitive.Trigger = DropdownMenuPrimitive.Trigger;
const Group: typeof DropdownMenuPrimitive.Group = DropdownMenuPrimitive.Group;
const Sub: typeof DropdownMenuPrimitive.Sub = DropdownMenuPrimitive.Sub;
const SubTrigger: typeof DropdownMenuPrimitive.SubTrigger = DropdownMenuPrimitive.SubTrigger;
const SubContent: typeof DropdownMenuPrimitive.SubContent = DropdownMenuPrimitive.SubContent;
const RadioGroup: typeof DropdownMenuPrimitive.RadioGroup = DropdownMenuPrimitive.RadioGroup;
const RadioItem: typeof DropdownMenuPrimitive.RadioItem = DropdownMenuPrimitive.RadioItem;

export {
  Root,
  Trigger,
  Content,
  Item,
  CheckboxItem,
  Separator,
  Label,
  Group,
  Sub,
  SubTrigger,
  SubContent,
  RadioGroup,
  RadioItem,
  Root as DropdownMenu,
  Trigger as DropdownMenuTrigger,
  Content as DropdownMenuContent,
  Item as DropdownMenuItem,
  CheckboxItem as DropdownMenuCheckboxItem,
  Separator as DropdownMenuSeparator,
  Label as DropdownMenuLabel,
  Group as DropdownMenuGroup,
  Sub as DropdownMenuSub,
  SubTrigger as DropdownMenuSubTrigger,
  SubContent as DropdownMenuSubContent,
  RadioGroup as DropdownMenuRadioGroup,
  RadioItem as DropdownMenuRadioItem,
};
