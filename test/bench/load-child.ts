/**
 * One load-time sample of `npm run bench`, in a fresh process: requires the built files n8n
 * loads from this package (package.json → n8n.nodes / n8n.credentials) and constructs their
 * classes, as n8n's loader does. n8n-workflow (a peer dependency n8n has loaded already) is
 * required first and not counted. Prints `RESULT {json}`.
 */
import path from 'node:path';

const root = process.argv[2];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(path.join(root, 'package.json')) as { n8n: { nodes: string[]; credentials: string[] } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('n8n-workflow');

const started = process.hrtime.bigint();
for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(path.join(root, file)) as Record<string, new () => unknown>;
	new exported[path.basename(file).split('.')[0]]();
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`RESULT ${JSON.stringify({ ms, files: pkg.n8n.nodes.length + pkg.n8n.credentials.length })}`);
