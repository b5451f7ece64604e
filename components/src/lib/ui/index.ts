/**
 * All ui primitives under their prefixed names. For the short part names use the folder entry:
 * `import * as Dialog from '@sv-sdk/components/ui/dialog'` then `<Dialog.Root>`.
 *
 * @example
 * ```svelte
 * <script>
 *   import { Button, Card, CardContent } from '@sv-sdk/components/ui';
 * </script>
 * ```
 */
export { uiMessages, type UiMessageKey } from './messages.js';
export { passwordMessages } from './password-input/messages.js';
export { Alert, alertVariants, type AlertProps, type AlertVariant } from './alert/index.js';
export { Avatar, initialsOf, type AvatarProps } from './avatar/index.js';
export { Badge, badgeVariants, type BadgeProps, type BadgeVariant } from './badge/index.js';
export { Breadcrumbs, type BreadcrumbItem, type BreadcrumbsProps } from './breadcrumbs/index.js';
export { Button, buttonVariants, type ButtonProps, type ButtonSize, type ButtonVariant } from './button/index.js';
export { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from './card/index.js';
export { Checkbox, type CheckboxProps } from './checkbox/index.js';
export { Combobox, type ComboboxProps } from './combobox/index.js';
export { ConfirmDialog, type ConfirmDialogProps } from './confirm-dialog/index.js';
export { DatePicker, calendarClasses, type DatePickerProps, type DateValue } from './date-picker/index.js';
export { DateRangePicker, type DateRangePickerProps } from './date-range-picker/index.js';
export {
  Dialog,
  Modal,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogOverlay,
  DialogPortal,
  DialogTitle,
  DialogTrigger,
  type DialogContentProps,
} from './dialog/index.js';
export {
  Drawer,
  DrawerClose,
  DrawerContent,
  DrawerDescription,
  DrawerFooter,
  DrawerHeader,
  DrawerTitle,
  DrawerTrigger,
  drawerVariants,
  type DrawerContentProps,
  type DrawerSide,
} from './drawer/index.js';
export {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
} from './dropdown-menu/index.js';
export { EmptyState, type EmptyStateProps } from './empty-state/index.js';
export {
  FormField,
  joinIds,
  setFieldControl,
  useFieldControl,
  type FieldControl,
  type FieldControlAttributes,
  type FormFieldProps,
} from './form-field/index.js';
export { Icon, iconPaths, type IconName, type IconProps } from './icon/index.js';
export { IconButton, type IconButtonProps } from './icon-button/index.js';
export { Input, inputClass, type InputProps } from './input/index.js';
export { Label, type LabelProps } from './label/index.js';
export { Link, linkVariants, type LinkProps, type LinkVariant } from './link/index.js';
export { Pagination, type PaginationProps } from './pagination/index.js';
export { PasswordInput, type PasswordInputProps } from './password-input/index.js';
export { Popover, PopoverClose, PopoverContent, PopoverTrigger } from './popover/index.js';
export { RadioGroup, RadioGroupItem, type RadioGroupOption, type RadioGroupProps } from './radio-group/index.js';
export { Select, type SelectOption, type SelectProps } from './select/index.js';
export { Skeleton } from './skeleton/index.js';
export { Spinner, spinnerVariants, type SpinnerProps, type SpinnerSize } from './spinner/index.js';
export { MetricCard, Stat, type StatProps } from './stat/index.js';
export { Switch, type SwitchProps } from './switch/index.js';
export { Tabs, TabsContent, TabsList, TabsTrigger } from './tabs/index.js';
export { Textarea, type TextareaProps } from './textarea/index.js';
export {
  THEME_STORAGE_KEY,
  ThemeSwitcher,
  applyTheme,
  getStoredTheme,
  themeInitScript,
  type ThemeMode,
  type ThemeSwitcherProps,
} from './theme-switcher/index.js';
export {
  ToastQueue,
  Toaster,
  toast,
  toasts,
  type ToastItem,
  type ToastOptions,
  type ToastVariant,
  type ToasterProps,
} from './toast/index.js';
export { Tooltip, TooltipContent, TooltipProvider, TooltipTrigger } from './tooltip/index.js';
