// n8n's logger would print every node error the tests provoke on purpose; errors are asserted instead.
process.env.N8N_LOG_LEVEL ??= 'silent';

/** Tests are TypeScript, run by ts-jest; the nodes under test are the built ones in dist/. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { diagnostics: false }],
	},
	testTimeout: 60_000,
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
