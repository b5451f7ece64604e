import type { AuthFormState, AuthSubmitHandler } from './types.js';

/**
 * Submit logic shared by the auth forms: native POST to `action` by default (works without
 * JavaScript), or callback mode when `onSubmit` is given. Internal.
 */
export class AuthFormController {
  pending = $state(false);
  result = $state<AuthFormState | null>(null);
  #props: () => { form?: AuthFormState | null; onSubmit?: AuthSubmitHandler | undefined };

  constructor(props: () => { form?: AuthFormState | null; onSubmit?: AuthSubmitHandler | undefined }) {
    this.#props = props;
  }

  /** The state to show: the last callback result, else the `form` prop from the action. */
  get state(): AuthFormState | null {
    return this.result ?? this.#props().form ?? null;
  }

  /** Forget the callback result (when a new `form` arrives from the server). */
  reset() {
    this.result = null;
    this.pending = false;
  }

  handleSubmit = async (event: SubmitEvent) => {
    const { onSubmit } = this.#props();
    if (!onSubmit) return; // native form post (or the host's enhance attachment)
    event.preventDefault();
    if (this.pending) return;
    this.pending = true;
    try {
      const form = event.currentTarget as HTMLFormElement;
      const data = new FormData(form, event.submitter);
      this.result = (await onSubmit(data)) ?? { success: true };
    } catch {
      this.result = { error: { code: 'UNKNOWN' } };
    } finally {
      this.pending = false;
    }
  };
}
