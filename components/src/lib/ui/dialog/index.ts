/**
 * A modal dialog (bits-ui): focus is trapped inside and returns to the trigger on close, Escape
 * and the overlay close it, the page behind is inert and does not scroll. `Modal` is the same.
 * Parts: Root, Trigger, Content (portal + overlay + close button), Header, Footer, Title,
 * Description, Close.
 *
 * @example
 * ```svelte
 * <Dialog.Root bind:open>
 *   <Dialog.Trigger class={buttonVariants()}>Edit profile</Dialog.Trigger>
 *   <Dialog.Content>
 *     <Dialog.Header><Dialog.Title>Edit profile</Dialog.Title><Dialog.Description>Changes are saved when you press Save.</Dialog.Description></Dialog.Header>
 *     …
 *     <Dialog.Footer><Button onclick={save}>Save</Button></Dialog.Footer>
 *   </Dialog.Content>
 * </Dialog.Root>
 * ```
 */
import { Dialog as DialogPrimitive } from 'bits-ui';
import Content from './dialog-content.svelte';
import Overlay from './dialog-overlay.svelte';
import Header from './dialog-header.svelte';
import Footer from './dialog-footer.svelte';
import Title from './dialog-title.svelte';
import Description from './dialog-description.svelte';

const Root: typeof DialogPrimitive.Root = DialogPrimitive.Root;
const Trigger: typeof DialogPrimitive.Trigger = DialogPrimitive.Trigger;
const Close: typeof DialogPrimitive.Close = DialogPrimitive.Close;
const Portal: typeof DialogPrimitive.Portal = DialogPrimitive.Portal;

export type { DialogContentProps } from './dialog-content.svelte';
export {
  Root,
  Trigger,
  Content,
  Overlay,
  Header,
  Footer,
  Title,
  Description,
  Close,
  Portal,
  Root as Dialog,
  Root as Modal,
  Trigger as DialogTrigger,
  Content as DialogContent,
  Overlay as DialogOverlay,
  Header as DialogHeader,
  Footer as DialogFooter,
  Title as DialogTitle,
  Description as DialogDescription,
  Close as DialogClose,
  Portal as DialogPortal,
};
