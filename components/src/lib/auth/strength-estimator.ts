import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

let factory: Promise<ZxcvbnFactory> | undefined;

/**
 * zxcvbn (the estimator the server's password policy uses) with its common dictionary: the leaked-password lists and
 * keyboard patterns, about 250 KB gzip, loaded on first use only (a new-password field gets focus), never with the
 * page. The English word lists the server adds (600 KB more) stay on the server: the meter may rate a plain English
 * phrase higher than the server does, and the server's answer names the rule it broke.
 */
function loadEstimator(): Promise<ZxcvbnFactory> {
  factory ??= (async () => {
    const [{ ZxcvbnFactory: Factory }, common] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
    ]);
    // The server's CPU bounds: the same scores in tens of milliseconds.
    return new Factory({
      graphs: common.adjacencyGraphs,
      dictionary: common.dictionary,
      useLevenshteinDistance: false,
      l33tMaxSubstitutions: 10,
      maxLength: 64,
    });
  })();
  factory.catch(() => (factory = undefined));
  return factory;
}

/**
 * The zxcvbn score (0 very weak … 4 very strong) of a password, with the person's own name and email as words an
 * attacker tries first; `null` for an empty password or when the estimator cannot load (offline): the meter is then
 * hidden, and the server still checks.
 * @example await passwordStrength('violet-harbour-quantum-47-tundra', ['ada@example.com']); // 4
 */
export async function passwordStrength(password: string, userInputs: string[] = []): Promise<number | null> {
  if (password === '') return null;
  try {
    const estimator = await loadEstimator();
    return estimator.check(
      password,
      userInputs.filter((input) => input.trim() !== ''),
    ).score;
  } catch {
    return null;
  }
}
