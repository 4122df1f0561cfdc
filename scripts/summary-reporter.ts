import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, `tests: N passed, M failed`, which CI reads.
 * Skipped and todo tests count as neither. A test file that failed outside its tests (an import
 * error, a throwing `beforeAll`) without any failed test counts as one failure, and so does each
 * unhandled error, so the line never says `0 failed` for a run that failed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    for (const testModule of testModules) {
      let failedTests = 0;
      for (const testCase of testModule.children.allTests()) {
        const { state } = testCase.result();
        if (state === 'passed') passed += 1;
        if (state === 'failed') failedTests += 1;
      }
      const failedOutsideTests =
        testModule.errors().length > 0 ||
        [...testModule.children.allSuites()].some((suite) => suite.errors().length > 0);
      failed += failedTests === 0 && failedOutsideTests ? 1 : failedTests;
    }
    process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
  }
}
