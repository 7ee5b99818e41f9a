/** What users install: only the built nodes, no runtime dependencies, nothing vulnerable. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { packageRoot } from '../engine/node-types';

const npm = (args: string[]) => execFileSync('npm', args, { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('the published tarball holds only dist/, the README, the license, package.json and the empty index.js', () => {
	const [pack] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'])) as Array<{ files: Array<{ path: string }> }>;
	const files = pack.files.map((file) => file.path);
	const outside = files.filter((file) => !file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json', 'index.js'].includes(file));
	expect(outside).toEqual([]);
	expect(files.filter((file) => file.startsWith('dist/test'))).toEqual([]);
	expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
	const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
	for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(file);
	expect(files).toEqual(expect.arrayContaining(['dist/nodes/GptImage2Api/gptImage2Api.svg', 'dist/nodes/GptImage2Api/gptImage2Api.dark.svg']));
});

test('no runtime dependencies, so npm audit of what ships has nothing to report', () => {
	const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { dependencies?: object };
	expect(manifest.dependencies ?? {}).toEqual({});
	let report: { metadata: { vulnerabilities: Record<string, number> } };
	try {
		report = JSON.parse(npm(['audit', '--omit=dev', '--json']));
	} catch (error) {
		const output = String((error as { stdout?: string }).stdout ?? '');
		// npm exits non-zero when it finds something: the report is still on stdout.
		if (!output.includes('"vulnerabilities"')) {
			console.warn(`npm audit could not reach the registry's audit service: ${(error as Error).message.split('\n')[0]}`);
			return;
		}
		report = JSON.parse(output);
	}
	const total = Object.values(report.metadata.vulnerabilities).reduce((sum, n) => sum + n, 0);
	expect(total).toBe(0);
});
