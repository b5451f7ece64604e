/**
 * The password field's strings (toggle and strength meter), apart from the other ui strings so the sign-in page,
 * whose password field has the toggle, carries only these. Part of `uiMessages`.
 */
export const passwordMessages = {
  'ui.password.show': 'Show password',
  'ui.password.hide': 'Hide password',
  'ui.password.strength': 'Password strength: {label}',
  'ui.password.strength.0': 'very weak',
  'ui.password.strength.1': 'weak',
  'ui.password.strength.2': 'fair',
  'ui.password.strength.3': 'strong',
  'ui.password.strength.4': 'very strong',
} as const;
