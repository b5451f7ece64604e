/**
 * A round picture of a person, falling back to their initials while loading or without `src`.
 *
 * @example
 * ```svelte
 * <Avatar name="Ada Lovelace" src={user.image} />
 * ```
 */
import Root from './avatar.svelte';

export { initialsOf, type AvatarProps } from './avatar.svelte';
export { Root, Root as Avatar };
