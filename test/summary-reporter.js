/**
 * Prints one plain closing line, "jest: N passed, N failed, N skipped", so CI can read the
 * outcome of the run without knowing jest's own summary format.
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		process.stdout.write(`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
	}
}

module.exports = SummaryReporter;
