// create-sv-sdk as a library: the scaffolder and the edits of `add`, each edit a pure function over strings so that
// `sv-sdk init` and a Svelte CLI add-on (`@sv-sdk/sv`) produce the same files.
export { editViteConfig, VITE_PLUGIN_PACKAGE, type EditResult } from './edits/vite-config.ts';
export { composeHooks, DEFAULT_HOOKS, VIRTUAL_SERVER, type HooksEdit } from './edits/hooks.ts';
export {
  addDependencies,
  serverDependencies,
  templateManifest,
  type DependencyEdit,
  type SdkSpecs,
} from './edits/package-json.ts';
export { addEnvEntries, addIgnoreEntries, ENV_ENTRIES } from './edits/env.ts';
export { planAdd, applyAddPlan, VITE_CONFIG_FILES, SDK_CONFIG_FILES, type AddPlan, type FileChange } from './add.ts';
export { createApp, targetProblem, type CreateResult, type Reporter } from './create.ts';
export {
  createOptionsSchema,
  addOptionsSchema,
  sdkSpecSchema,
  DEFAULT_SDK_VERSION,
  type CreateOptions,
  type AddOptions,
} from './options.ts';
export {
  renderTemplate,
  TEMPLATES,
  DATABASES,
  EMAIL_PROVIDERS,
  type TemplateName,
  type DatabaseName,
  type EmailProvider,
} from './templates.ts';
export { detectPackageManager, type PackageManager } from './package-manager.ts';
export { UsageError } from './errors.ts';
export { main, USAGE } from './cli.ts';
