// The options of `create-sv-sdk` and `create-sv-sdk add`, validated with zod. Every problem is one line that names
// the flag and what it accepts.
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import type { SdkSpecs } from './edits/package-json.ts';
import { DATABASES, EMAIL_PROVIDERS, TEMPLATES } from './templates.ts';

/** The published version new apps depend on. */
export const DEFAULT_SDK_VERSION = '^0.1.0';

/** Values that exist in the design but not in this release: what to say instead of "invalid". */
const NOT_YET: Record<string, Record<string, string>> = {
  '--template': {
    admin:
      'the admin template is not available yet (the admin panel comes in a later sv-sdk release): use --template demo or minimal',
  },
  '--email': Object.fromEntries(
    ['brevo', 'ses', 'smtp'].map((provider) => [
      provider,
      `--email ${provider} is not available yet: the only email provider today is outbox (mails stored, links printed in development)`,
    ]),
  ),
};

function choice<const T extends readonly [string, ...string[]]>(flag: string, values: T) {
  return z.string().transform((value, ctx): T[number] => {
    if ((values as readonly string[]).includes(value)) return value;
    const notYet = NOT_YET[flag]?.[value];
    ctx.addIssue({
      code: 'custom',
      message:
        notYet ??
        `${flag} must be one of ${values.join(', ')}${value === '' ? ' (no value given)' : ` (got "${value}")`}`,
    });
    return z.NEVER;
  });
}

const NPM_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** A folder to create the app in; its name (the folder's) becomes the package name, so it must be a valid one. */
export const projectDirSchema = z.string().transform((value, ctx) => {
  const dir = value.trim();
  if (dir === '') {
    ctx.addIssue({ code: 'custom', message: 'the project name is empty' });
    return z.NEVER;
  }
  const name = basename(resolve(dir));
  if (!NPM_NAME.test(name) || name.length > 214) {
    ctx.addIssue({
      code: 'custom',
      message: `"${name}" cannot be a package name: use lowercase letters, digits and - . _ ~ (not first: . or _)`,
    });
    return z.NEVER;
  }
  return { dir, name };
});

/**
 * `--sdk-version`: a version or range of the published packages (`^0.1.0`, `0.2.0-next.1`, `latest`), or — to test
 * the workspace — `link:<repo>` / `file:<repo>`, the root of an sv-sdk checkout (with kit/, components/ and
 * vite-plugin/), which becomes `link:<repo>/kit`… for each package.
 */
export function sdkSpecSchema(cwd: string) {
  return z.string().transform((value, ctx): SdkSpecs => {
    const linked = /^(link|file):(.+)$/.exec(value);
    if (linked) {
      const [, protocol, path = ''] = linked;
      const root = isAbsolute(path) ? path : resolve(cwd, path);
      const kit = join(root, 'kit', 'package.json');
      if (!existsSync(kit) || !readFileSync(kit, 'utf8').includes('"@sv-sdk/kit"')) {
        ctx.addIssue({
          code: 'custom',
          message: `--sdk-version ${value}: ${root} is not an sv-sdk checkout (no kit/package.json)`,
        });
        return z.NEVER;
      }
      return {
        kit: `${protocol}:${join(root, 'kit')}`,
        components: `${protocol}:${join(root, 'components')}`,
        vitePlugin: `${protocol}:${join(root, 'vite-plugin')}`,
      };
    }
    if (!/^(?:[~^]|>=)?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(value) && !/^[a-z][a-z0-9-]*$/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `--sdk-version must be a version (^0.1.0), a dist-tag (latest) or link:<sv-sdk checkout> (got "${value}")`,
      });
      return z.NEVER;
    }
    return { kit: value, components: value, vitePlugin: value };
  });
}

export function createOptionsSchema(cwd: string) {
  return z.object({
    project: projectDirSchema,
    template: choice('--template', TEMPLATES),
    db: choice('--db', DATABASES),
    email: choice('--email', EMAIL_PROVIDERS),
    install: z.boolean(),
    git: z.boolean(),
    sdk: sdkSpecSchema(cwd),
  });
}
export type CreateOptions = z.output<ReturnType<typeof createOptionsSchema>>;

export function addOptionsSchema(cwd: string) {
  return z.object({
    cwd: z.string().transform((value, ctx) => {
      const dir = resolve(cwd, value);
      if (!existsSync(dir)) {
        ctx.addIssue({ code: 'custom', message: `--cwd ${value}: no such folder` });
        return z.NEVER;
      }
      return dir;
    }),
    install: z.boolean(),
    sdk: sdkSpecSchema(cwd),
  });
}
export type AddOptions = z.output<ReturnType<typeof addOptionsSchema>>;

/** The first problem of a failed parse, as one line. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid options';
  if (issue.code === 'custom' || issue.path.length === 0) return issue.message;
  return `${issue.path.join('.')}: ${issue.message}`;
}
