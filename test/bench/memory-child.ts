/**
 * One memory case of `npm run bench`, in its own process for a clean RSS baseline:
 *   node --expose-gc dist/test/bench/memory-child.js streamed|buffered|httpRequest
 * The simulator runs in the parent (BENCH_SIM_URL / BENCH_SIM_KEY / BENCH_FILE_URL /
 * BENCH_VIDEO_TASK); after a warm-up on a small file the child tells the parent (IPC), which
 * makes it serve a large video. n8n's binary data is in `filesystem` mode. Prints `RESULT {json}`.
 *
 * - streamed:    our node as shipped.
 * - buffered:    our node, but the downloaded body is collected into one Buffer before n8n
 *                stores it — what a download with `encoding: 'arraybuffer'` does.
 * - httpRequest: n8n's HTTP Request node (response format: file) fetching the same file.
 */
import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';
import { rmSync } from 'node:fs';

import { runWorkflow, useBaseNodes } from '../engine/engine';
import { httpDownloadWorkflow, pinnedItems, videoWorkflow } from './workflows';
import type { BenchItem } from './workflows';
import { CREDENTIAL_TYPE } from '../engine/workflows';

type Case = 'streamed' | 'buffered' | 'httpRequest';

function forceBuffering() {
	const service = BinaryDataService.prototype as unknown as {
		store: (location: unknown, data: Buffer | NodeJS.ReadableStream, binary: IBinaryData) => Promise<IBinaryData>;
	};
	const store = service.store;
	service.store = async function (location, data, binary) {
		if (Buffer.isBuffer(data)) return await store.call(this, location, data, binary);
		const chunks: Buffer[] = [];
		for await (const chunk of data as AsyncIterable<Buffer>) chunks.push(chunk);
		return await store.call(this, location, Buffer.concat(chunks), binary);
	};
}

async function main() {
	const which = process.argv[2] as Case;
	if (!['streamed', 'buffered', 'httpRequest'].includes(which)) throw new Error(`unknown case ${which}`);
	const credentials = { [CREDENTIAL_TYPE]: { apiKey: process.env.BENCH_SIM_KEY!, baseUrl: process.env.BENCH_SIM_URL! } };
	await useBaseNodes(['ManualTrigger', 'HttpRequest'], 'filesystem');
	if (which === 'buffered') forceBuffering();

	const prompt = 'bench memory video';
	const item: BenchItem = { i: 0, kind: 'video', prompt, endpoint: '', body: { model: 'veo3_lite', prompt, aspectRatio: '16:9' } };
	const fileUrl = `${process.env.BENCH_FILE_URL}/files/${process.env.BENCH_VIDEO_TASK}/video.mp4`;
	const workflow = which === 'httpRequest' ? httpDownloadWorkflow() : videoWorkflow();
	const run = async () =>
		await runWorkflow(workflow, {
			credentials,
			binaryMode: 'filesystem',
			pinData: pinnedItems([which === 'httpRequest' ? { ...item, videoUrl: fileUrl } : item]),
		});
	const ask = async (message: string) =>
		await new Promise<void>((resolve) => {
			process.once('message', () => resolve());
			process.send!(message);
		});

	// The case's whole path once on a small file, so lazy loading is not counted as growth.
	const warm = await run();
	if (warm.error) throw new Error(`warm-up failed: ${warm.error.message}`);
	await ask('warm'); // the parent now makes the simulator serve the large video

	(globalThis as { gc?: () => void }).gc?.();
	await new Promise((resolve) => setTimeout(resolve, 200));
	const baseline = process.memoryUsage.rss();
	let peak = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
	const started = Date.now();
	const result = await run();
	const ms = Date.now() - started;
	peak = Math.max(peak, process.memoryUsage.rss());
	clearInterval(sampler);
	if (result.error) throw new Error(`${which}: the run failed: ${result.error.message}`);
	const node = which === 'httpRequest' ? 'Download' : 'Generate Video';
	const binary = Object.values(result.output(node)[0]?.binary ?? {})[0];
	if (!binary?.id) throw new Error(`${which}: no binary data in filesystem mode`);
	const mib = 1024 * 1024;
	console.log(
		`RESULT ${JSON.stringify({ case: which, growthMb: (peak - baseline) / mib, baselineMb: baseline / mib, fileMb: (binary.bytes ?? 0) / mib, ms })}`,
	);
	rmSync(Container.get(BinaryDataConfig).localStoragePath, { recursive: true, force: true });
	if (process.env.N8N_USER_FOLDER) rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
