import { z } from 'zod';

const groupName = z.string().regex(/^[a-z0-9-]+$/, 'a group name: lower-case letters, digits and dashes');
/** `svSdk()` options, validated: an error names the option and what it expected. */
export const svSdkOptionsSchema = z
  .object({
    /** The SDK configuration file, relative to the Vite root. @default the first of sv-sdk.config.{ts,mts,js,mjs} */
    config: z.string().min(1).optional(),
    /**
     * Route groups by name (`auth`, `health`…): `false` leaves one out. (Mounting a group under another path waits
     * until its pages' own links follow; `routeFilesFor` already supports a base.)
     */
    groups: z
      .record(groupName, z.literal(false, { error: 'false (a group is on unless you leave it out)' }))
      .optional(),
    /** Routes the app serves itself, as `<group>/<path>` (`auth/profile`): no file is written for them. */
    exclude: z.array(z.string().min(1)).optional(),
    /**
     * Write the route files (default). `false` (or SV_SDK_NO_WRITE=1) only checks them: a stale file is reported,
     * nothing is written (tests, Storybook, read-only checkouts).
     */
    write: z.boolean().optional(),
    /** Warn when src/hooks.server.* does not use the SDK's handle. @default true */
    checkHooks: z.boolean().optional(),
  })
  .strict();

export type SvSdkOptions = z.input<typeof svSdkOptionsSchema>;

/** The options, or an Error that names each bad option (`svSdk({ groups.auth: … })`). */
export function parseOptions(input: unknown): z.output<typeof svSdkOptionsSchema> {
  const parsed = svSdkOptionsSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const at = issue.path.length > 0 ? issue.path.map(String).join('.') : '(options)';
    return `  ${at}: ${issue.message}`;
  });
  throw new Error(`[sv-sdk] invalid svSdk() options:\n${problems.join('\n')}`);
}
