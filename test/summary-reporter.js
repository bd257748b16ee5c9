/**
 * Prints one plain closing line, `tests: N passed, N failed`, after Jest's own summary, so that
 * tools reading the end of a CI log see the counts in a common shape.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests + results.numRuntimeErrorTestSuites} failed\n`,
    );
  }
}
module.exports = SummaryReporter;
