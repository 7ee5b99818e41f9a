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
