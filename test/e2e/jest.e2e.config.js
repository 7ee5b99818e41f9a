/**
 * The end-to-end suite: real n8n servers (see test/e2e/README section in the repo README).
 * Run it with `npm run test:e2e`, which first installs / reuses n8n and Chromium
 * (test/e2e/prepare.ts); `npm test` never picks these files up (they end in .e2e.ts).
 */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { diagnostics: false }],
	},
	// Each test sets its own budget; this only bounds a hook that forgets to.
	testTimeout: 600_000,
	verbose: true,
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
