/** English defaults of the email editor and preview strings (overridable through the message function). */
export const emailMessages = {
  'email.editor.label': 'Template source',
  'email.editor.loading': 'Loading the code editor…',
  'email.preview.title': 'Email preview',
  'email.preview.width': 'Preview width',
  'email.preview.desktop': 'Desktop',
  'email.preview.mobile': 'Mobile',
  'email.preview.theme': 'Preview colour scheme',
  'email.preview.light': 'Light',
  'email.preview.dark': 'Dark',
  'email.preview.loading': 'Rendering preview…',
  'email.preview.empty': 'Nothing to preview yet.',
} as const;
