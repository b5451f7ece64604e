import { sdkError, type SDKError } from '../core/errors.ts';

/** The settings that name where the app is reached (auth's config slice). */
export interface PublicOriginSettings {
  ORIGIN?: string | undefined;
  BETTER_AUTH_URL?: string | undefined;
  PUBLIC_BASE_URL?: string | undefined;
}

export interface PublicOrigin {
  /** better-auth's base URL: BETTER_AUTH_URL, else PUBLIC_BASE_URL, else ORIGIN (a path of its own is kept). */
  baseURL: string;
  /** The app's public origin (scheme, host, port): what browsers send as `Origin` for the app's own pages. */
  origin: string;
  /** Problems that stop a production start, and are warnings elsewhere. */
  problems: { variable: string; expected: string }[];
}

const DEVELOPMENT_URL = 'http://localhost:5173';

/**
 * One setting names the public origin: `ORIGIN` (read by the built server at start, see `@sv-sdk/kit/adapter-node`),
 * which better-auth's `BETTER_AUTH_URL` defaults to. Production needs it, and the two must not disagree: a mismatch
 * means links in mails, cookies and the origin check all point somewhere else than the pages.
 * @example resolvePublicOrigin({ ORIGIN: 'https://app.example.com' }, true).baseURL // 'https://app.example.com'
 */
export function resolvePublicOrigin(settings: PublicOriginSettings, production: boolean): PublicOrigin {
  const problems: PublicOrigin['problems'] = [];
  const authURL = settings.BETTER_AUTH_URL ?? settings.PUBLIC_BASE_URL;
  const baseURL = authURL ?? settings.ORIGIN ?? DEVELOPMENT_URL;
  if (production && !settings.ORIGIN && !authURL) {
    problems.push({
      variable: 'ORIGIN',
      expected:
        'required in production: the public URL of the app as browsers reach it, e.g. https://app.example.com (http://127.0.0.1:3000 on one machine)',
    });
  }
  const named = [
    ['ORIGIN', settings.ORIGIN],
    ['BETTER_AUTH_URL', settings.BETTER_AUTH_URL],
    ['PUBLIC_BASE_URL', settings.PUBLIC_BASE_URL],
  ].filter((entry): entry is [string, string] => entry[1] !== undefined);
  const [first, ...rest] = named;
  for (const [variable, value] of rest) {
    if (first && new URL(value).origin !== new URL(first[1]).origin) {
      problems.push({
        variable,
        expected: `must have the same origin as ${first[0]} (scheme, host and port): unset it, or make them agree`,
      });
    }
  }
  return { baseURL, origin: new URL(baseURL).origin, problems };
}

/** The refusal of a production start for `problems`, in the configuration error's usual shape. */
export function publicOriginError(problems: PublicOrigin['problems']): SDKError {
  return sdkError('CONFIG_INVALID', {
    message:
      '[sv-sdk] [auth] Invalid configuration:\n' +
      problems.map((problem) => `  - ${problem.variable}: ${problem.expected}`).join('\n'),
    details: { problems },
  });
}
