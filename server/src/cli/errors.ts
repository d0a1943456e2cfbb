/** The two ways a `termlens` command fails before it finds anything, both exit code 2. */

/** Bad usage: printed as one line with a hint to `--help`. */
export class UsageError extends Error {}

/** A problem with the config or a glossary: printed as one line naming the file. */
export class SetupError extends Error {}

/**
 * Runs a command's body; a {@link UsageError} or {@link SetupError} becomes its one-line message
 * on stderr and exit code 2 (`command` is how usage errors name the command, e.g. `termlens lint`).
 */
export async function reportingSetupErrors(command: string, stderr: (text: string) => void, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      stderr(`${command}: ${error.message} (see ${command} --help)\n`);
      return 2;
    }
    if (error instanceof SetupError) {
      stderr(`termlens: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
