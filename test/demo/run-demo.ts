/**
 * `npm run demo`: runs the example workflows in examples/ through the n8n engine and writes the
 * files they produce to ./demo-output/. Against the bundled simulator by default; against the
 * real API when GPTIMAGE2_API_KEY (and optionally GPTIMAGE2_BASE_URL) is set.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { IWorkflowBase } from 'n8n-workflow';

import { runWorkflow } from '../engine/engine';
import { packageRoot } from '../engine/node-types';
import { startSimulator } from '../simulator';

const root = packageRoot;
const examplesDir = path.join(root, 'examples');
const outputDir = path.join(root, 'demo-output');
const ORDER = ['text-to-image.json', 'image-edit.json', 'image-to-video.json'];

function lastNodeName(workflow: IWorkflowBase): string {
	const sources = new Set(Object.keys(workflow.connections));
	const last = workflow.nodes.find((node) => !sources.has(node.name));
	if (!last) throw new Error(`${workflow.name}: cannot find its last node`);
	return last.name;
}

async function main() {
	const realKey = process.env.GPTIMAGE2_API_KEY;
	const sim = realKey ? undefined : await startSimulator({ latencyMs: 1_500, latencyByModel: { veo3_fast: 4_000 } });
	const credentials = {
		gptImage2Api: realKey
			? { apiKey: realKey, baseUrl: process.env.GPTIMAGE2_BASE_URL ?? 'https://gptimage2api.org' }
			: { apiKey: sim!.defaultKey, baseUrl: sim!.baseUrl },
	};
	console.log(realKey ? `Against the real API at ${credentials.gptImage2Api.baseUrl}` : `Against the bundled simulator at ${sim!.baseUrl} (set GPTIMAGE2_API_KEY to use the real API)`);

	// The trigger examples wait for a schedule; the demo runs the ones started by hand.
	const files = readdirSync(examplesDir).filter((f) => f.endsWith('.json') && !f.startsWith('trigger-'));
	files.sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
	let failures = 0;
	for (const file of files) {
		const workflow = JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as IWorkflowBase;
		const started = Date.now();
		const result = await runWorkflow(workflow, { credentials });
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		console.log(`\n${workflow.name}  (${file}, ${seconds} s)`);
		if (result.error) {
			failures++;
			console.log(`  FAILED: ${result.error.message}`);
			continue;
		}
		const folder = path.join(outputDir, path.basename(file, '.json'));
		mkdirSync(folder, { recursive: true });
		for (const node of workflow.nodes.filter((n) => n.type.endsWith('.gptImage2Api'))) {
			for (const item of result.output(node.name)) {
				const credits = `${item.json.creditsUsed} credits (estimated ${item.json.estimatedCredits})`;
				for (const binary of Object.values(item.binary ?? {})) {
					const target = path.join(folder, binary.fileName ?? `${item.json.taskId}`);
					const bytes = await result.binaryBuffer(binary);
					writeFileSync(target, bytes);
					console.log(`  ${node.name}: ${path.relative(process.cwd(), target)}  ${(bytes.length / 1024).toFixed(1)} KiB  ${credits}  waited ${((item.json.waitedMs as number) / 1000).toFixed(1)} s`);
				}
				if (!item.binary) console.log(`  ${node.name}: task ${item.json.taskId} is ${item.json.state}  ${credits}`);
			}
		}
		if (lastNodeName(workflow) && !result.output(lastNodeName(workflow)).length) failures++;
	}
	if (sim) {
		const ledger = sim.ledger(sim.defaultKey);
		console.log(`\nSimulator ledger: ${ledger.charges.length} tasks charged, ${ledger.charges.reduce((s, c) => s + c.credits, 0)} credits in all.`);
		await sim.close();
	}
	process.exitCode = failures ? 1 : 0;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
