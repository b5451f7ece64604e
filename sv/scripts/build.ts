// `pnpm --filter @sv-sdk/sv build`: the publishable add-on in dist/. sv refuses a community add-on with
// `dependencies`, so everything but `sv` (the peer) and Node's own modules is bundled into dist/index.js:
// create-sv-sdk's edits and what they use (magicast, zod…). create-sv-sdk reads two template files at run time,
// relative to its sources' folders (`import.meta.dirname`); in the bundle each of its modules gets the folder it
// has in the package (dist/create-sv-sdk/src/…), and those two files are copied to dist/create-sv-sdk/templates.
//   node scripts/build.ts [outdir]   (default: dist)
import { cpSync, mkdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';

const packageDir = join(import.meta.dirname, '..');
const outdir = resolve(process.argv[2] ?? join(packageDir, 'dist'));
/** create-sv-sdk's folder (the workspace package, through its node_modules link: esbuild sees real paths). */
const createSvSdkReal = realpathSync(join(packageDir, 'node_modules', 'create-sv-sdk'));
/** The files create-sv-sdk reads at run time (planAdd: the config file; addDependencies: the versions). */
const TEMPLATE_FILES = ['templates/base/package.json', 'templates/base/sv-sdk.config.ts'];

/** `import.meta.dirname` in a create-sv-sdk module → its folder's place under dist/create-sv-sdk. */
const createSvSdkDirname: Plugin = {
  name: 'create-sv-sdk-dirname',
  setup(context) {
    context.onLoad({ filter: /\.ts$/ }, (args) => {
      const real = args.path;
      const inside = relative(createSvSdkReal, real);
      if (inside.startsWith('..') || inside.split(sep)[0] === 'node_modules') return undefined;
      const folder = dirname(inside).split(sep).join('/');
      const contents = readFileSync(real, 'utf8').replaceAll(
        'import.meta.dirname',
        `__svSdkBundleDir(${JSON.stringify(`create-sv-sdk/${folder}`)})`,
      );
      return { contents, loader: 'ts', resolveDir: dirname(real) };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(packageDir, 'src', 'index.ts')],
  outfile: join(outdir, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: ['sv'],
  plugins: [createSvSdkDirname],
  // Bundled CommonJS (magicast's parsers) calls require(): give the ES module one. And the folder helper above.
  banner: {
    js: [
      "import { createRequire as __svSdkCreateRequire } from 'node:module';",
      "import { join as __svSdkJoin } from 'node:path';",
      'const require = __svSdkCreateRequire(import.meta.url);',
      'const __svSdkBundleDir = (folder) => __svSdkJoin(import.meta.dirname, ...folder.split("/"));',
    ].join('\n'),
  },
  legalComments: 'linked',
  logLevel: 'warning',
});
for (const file of TEMPLATE_FILES) {
  const target = join(outdir, 'create-sv-sdk', ...file.split('/'));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(createSvSdkReal, ...file.split('/')), target);
}
console.log(`built ${relative(process.cwd(), outdir) || '.'}/index.js`);
