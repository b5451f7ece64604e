/**
 * A panel sliding from an edge of the screen, modal like {@link Dialog} (focus trap, Escape).
 * `side`: start, end (default), top, bottom; start/end follow the text direction.
 *
 * @example
 * ```svelte
 * <Drawer.Root bind:open>
 *   <Drawer.Content side="start"><Drawer.Title>Menu</Drawer.Title>…</Drawer.Content>
 * </Drawer.Root>
 * ```
 */
import { Dialog as DialogPrimitive } from 'bits-ui';
import Content from './drawer-content.svelte';
import Header from '../dialog/dialog-header.svelte';
import Footer from '../dialog/dialog-footer.svelte';
import Title from '../dialog/dialog-title.svelte';
import Description from '../dialog/dialog-description.svelte';

const Root: typeof DialogPrimitive.Root = DialogPrimitive.Root;
const Trigger: typeof DialogPrimitive.Trigger = DialogPrimitive.Trigger;
const Close: typeof DialogPrimitive.Close = DialogPrimitive.Close;

export { drawerVariants, type DrawerContentProps, type DrawerSide } from './drawer-content.svelte';
export {
  Root,
  Trigger,
  Content,
  Header,
  Footer,
  Title,
  Description,
  Close,
  Root as Drawer,
  Trigger as DrawerTrigger,
  Content as DrawerContent,
  Header as DrawerHeader,
  Footer as DrawerFooter,
  Title as DrawerTitle,
  Description as DrawerDescription,
  Close as DrawerClose,
};
