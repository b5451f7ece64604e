#!/usr/bin/env node
// The `create-sv-sdk` command. Plain JavaScript that any Node can parse, so an old Node gets a message, not a stack
// trace; then the TypeScript sources, run by Node's type stripping (as the kit's `sv-sdk` bin does).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
  console.error(
    `create-sv-sdk: Node ${process.versions.node} is too old: sv-sdk needs Node >= 22.17 (nvm install 22).`,
  );
  process.exit(1);
}
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
