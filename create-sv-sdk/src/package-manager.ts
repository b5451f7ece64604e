// The package manager that ran `npm create` / `pnpm create` (npm_config_user_agent), and how to call it.
import { spawn } from 'node:child_process';

export const PACKAGE_MANAGERS = ['pnpm', 'npm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

/** `pnpm/12.21.0 npm/? node/v22…` → pnpm; npm when unknown. */
export function detectPackageManager(
  userAgent: string | undefined = process.env.npm_config_user_agent,
): PackageManager {
  const name = userAgent?.split(' ')[0]?.split('/')[0];
  return (PACKAGE_MANAGERS as readonly string[]).includes(name ?? '') ? (name as PackageManager) : 'npm';
}

/** How a README spells `<pm> run <script>`. */
export function runCommand(pm: PackageManager): string {
  return pm === 'npm' ? 'npm run' : pm;
}

export function installCommand(pm: PackageManager): string {
  return `${pm} install`;
}

/** Runs a command with the terminal attached; resolves with its exit code (127 when it cannot start). */
export function run(command: string, args: readonly string[], cwd: string, quiet = false): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      stdio: quiet ? 'ignore' : 'inherit',
      shell: process.platform === 'win32',
    });
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}
