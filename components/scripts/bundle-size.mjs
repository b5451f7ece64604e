// Measures the client JS of a login page built from the ui primitives (Card, FormField, Input,
// PasswordInput, Button, Alert, Link): a production Vite build of a small page that mounts it,
// Svelte runtime included. Prints raw and gzip sizes; exits non-zero above the budget (40 KB gzip).
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { build } from 'vite';

const BUDGET_KB = 40;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, '.size');
await rm(work, { recursive: true, force: true });
await mkdir(work, { recursive: true });

await writeFile(
  join(work, 'login-page.svelte'),
  `<script lang="ts">
  import { Alert, Button, Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle, FormField, Input, Link, PasswordInput } from '../src/lib/ui/index.js';
  let email = $state('');
  let password = $state('');
  let error = $state<string | null>(null);
  let pending = $state(false);
</script>

<Card class="mx-auto max-w-sm">
  <CardHeader><CardTitle><h1>Sign in</h1></CardTitle><CardDescription>Welcome back.</CardDescription></CardHeader>
  <CardContent>
    <form method="POST" class="grid gap-4" onsubmit={(e) => { e.preventDefault(); pending = true; error = 'The email or password is incorrect.'; pending = false; }}>
      {#if error}<Alert variant="destructive" title="There is a problem">{error}</Alert>{/if}
      <FormField label="Email" error={error ? ' ' : null}><Input type="email" name="email" autocomplete="email" bind:value={email} /></FormField>
      <FormField label="Password"><PasswordInput name="password" bind:value={password} /></FormField>
      <Button type="submit" loading={pending}>Sign in</Button>
    </form>
  </CardContent>
  <CardFooter><Link href="/reset-password">Forgot your password?</Link></CardFooter>
</Card>
`,
);
await writeFile(
  join(work, 'main.ts'),
  `import { mount } from 'svelte';\nimport LoginPage from './login-page.svelte';\nmount(LoginPage, { target: document.body });\n`,
);
await writeFile(
  join(work, 'index.html'),
  `<!doctype html><html><body><script type="module" src="./main.ts"></script></body></html>`,
);

await build({
  configFile: false,
  root: work,
  logLevel: 'warn',
  plugins: [svelte()],
  build: { outDir: join(work, 'dist'), emptyOutDir: true, modulePreload: { polyfill: false } },
});

const assets = join(work, 'dist/assets');
let raw = 0;
let gzip = 0;
for (const file of await readdir(assets)) {
  if (!file.endsWith('.js')) continue;
  const content = await readFile(join(assets, file));
  raw += content.length;
  gzip += gzipSync(content, { level: 9 }).length;
}
await rm(work, { recursive: true, force: true });
const kb = (bytes) => (bytes / 1024).toFixed(1);
console.log(
  `login page JS (Card, FormField, Input, PasswordInput, Button, Alert, Link + Svelte runtime): ${kb(raw)} KB raw, ${kb(gzip)} KB gzip (budget ${BUDGET_KB} KB gzip)`,
);
process.exit(gzip / 1024 <= BUDGET_KB ? 0 : 1);
