// One dev-server start, in a fresh process: `node dev-start-child.ts <root> with|without` prints the milliseconds
// from this process's start to a listening Vite dev server (with SvelteKit, with or without svSdk()).
const started = performance.now();
const [root, mode] = process.argv.slice(2);
const { createServer } = await import('vite');
const { sveltekit } = await import('@sveltejs/kit/vite');
const plugins = mode === 'with' ? [(await import('../src/index.ts')).svSdk(), sveltekit({})] : [sveltekit({})];
process.chdir(root ?? '.');
const server = await createServer({ root, configFile: false, logLevel: 'silent', plugins, server: { port: 0 } });
await server.listen();
const ms = performance.now() - started;
// Not measured: what runs once the server listens (the route files' sync, which fills the cache the next start uses;
// Vite's dependency scan), so every start finds the caches its previous one left.
await new Promise((done) => setTimeout(done, 3000));
await server.close();
process.stdout.write(`${JSON.stringify({ ms })}\n`);
process.exit(0);
