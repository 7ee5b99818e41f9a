// ESLint flat config: n8n's community-node rules for the node/credential sources and package.json.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

const { recommended } = n8nCommunityNodesPlugin.configs;

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'test/**', '**/*.js', '**/*.mjs'],
	},
	{
		...recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		languageOptions: {
			parser: tseslint.parser,
			ecmaVersion: 2022,
			sourceType: 'module',
		},
	},
	{
		// Inside the task engine, problems are plain classes (FieldError, ApiProblem) that carry what
		// the node needs to decide — retry or not, which field. They never reach n8n as they are:
		// execution/operations.ts turns each into a NodeOperationError / NodeApiError with its itemIndex.
		files: ['nodes/**/shared/**/*.ts', 'nodes/**/execution/{api,submit,wait,download}.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// The plugin's package.json rules read the file as a JS object literal:
		// typescript-eslint's parser handles .json that way.
		...recommended,
		files: ['package.json'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
];
