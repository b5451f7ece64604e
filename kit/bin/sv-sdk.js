#!/usr/bin/env node
// The `sv-sdk` command. Plain JavaScript that any Node can parse, so an old Node gets a message, not a stack trace.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
  console.error(`[sv-sdk] Node ${process.versions.node} is too old: sv-sdk needs Node >= 22.17 (nvm install 22).`);
  process.exit(1);
}
await import('../src/cli/main.ts');
