// Builds dist/theme/sv-sdk.css (the precompiled stylesheet for apps without Tailwind) from
// src/lib/theme/precompiled.css with Tailwind 4, and copies the Tailwind entry files to dist/theme.
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const themeSrc = join(root, 'src/lib/theme');
const out = join(root, 'dist/theme');
const tmp = join(root, 'dist/.css-build');

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  plugins: [tailwindcss()],
  // Relative URLs: the fonts (theme/fonts.css) are emitted next to the stylesheet, in dist/theme/fonts.
  base: './',
  build: {
    outDir: tmp,
    emptyOutDir: true,
    cssMinify: true,
    rollupOptions: {
      input: join(themeSrc, 'precompiled.css'),
      output: {
        assetFileNames: (asset) => (asset.names[0]?.endsWith('.css') ? 'sv-sdk.css' : 'fonts/[name][extname]'),
      },
    },
  },
});

await mkdir(out, { recursive: true });
await rename(join(tmp, 'sv-sdk.css'), join(out, 'sv-sdk.css'));
await rm(join(out, 'fonts'), { recursive: true, force: true });
await rename(join(tmp, 'fonts'), join(out, 'fonts'));
await rm(tmp, { recursive: true, force: true });
// svelte-package copied the Tailwind source of this file; only the built sv-sdk.css is shipped.
await rm(join(out, 'precompiled.css'), { force: true });
for (const file of await readdir(themeSrc)) {
  if (file.endsWith('.css') && file !== 'precompiled.css') await copyFile(join(themeSrc, file), join(out, file));
}
const { size } = await stat(join(out, 'sv-sdk.css'));
console.log(`dist/theme/sv-sdk.css: ${(size / 1024).toFixed(1)} KB`);
