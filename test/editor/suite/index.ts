/**
 * Entry point of the editor test suite, in the shape `@vscode/test-electron` and code-server's
 * smoke-test driver load: `run()` resolves when every test passed and rejects otherwise.
 *
 * Results are printed with `console.log`, one line per test and a closing
 * "editor suite: N passed, M failed" line, because the extension host's console is the only output
 * that reaches the runner in both editors (code-server forwards it through `codeAutomationLog`).
 */

import Mocha from 'mocha';

/** Runs the suite; rejects with the number of failures. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 20_000, color: false, reporter: LineReporter });
  // The test file is bundled into this one: define mocha's globals first, then load it.
  mocha.suite.emit('pre-require', globalThis, 'termlens.test', mocha);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the suite must load after mocha's globals exist, which a static import would not wait for.
  require('./termlens.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above.
  require('./navigation.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above.
  require('./glossaryEdit.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above.
  require('./workspaceDiagnostics.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`editor suite: ${failures} failed`)) : resolve()));
  });
}

/** A reporter that only uses `console.log`: one line per test and a summary. */
class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on('pass', (test) => {
      passed++;
      console.log(`  ok   ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on('fail', (test, error: Error) => {
      failed++;
      console.log(`  FAIL ${test.fullTitle()}\n       ${(error.stack ?? error.message).split('\n').slice(0, 6).join('\n       ')}`);
    });
    runner.once('end', () => console.log(`editor suite: ${passed} passed, ${failed} failed`));
  }
}
