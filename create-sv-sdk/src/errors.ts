/** A problem with what the user asked for or with the app's files: printed as one line, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}
