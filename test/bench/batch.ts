/**
 * Batch scenario: 50 image prompts and 10 video prompts with latencies from a fixed seed, run
 * through our node and through the loops users build from n8n's own nodes, side by side in one
 * engine against one simulator.
 */
import * as http from 'node:http';

import type { IWorkflowBase } from 'n8n-workflow';

import type { RunResult } from '../engine/engine';
import { runWorkflow } from '../engine/engine';
import type { SimulatorHandle } from '../simulator';
import type { BenchItem } from './workflows';
import { HEADER_CREDENTIAL_TYPE, pinnedItems } from './workflows';
import { CREDENTIAL_TYPE } from '../engine/workflows';

export const SEED = 20260425;
export const IMAGE_LATENCY_MS: [number, number] = [3_000, 12_000];
export const VIDEO_LATENCY_MS: [number, number] = [8_000, 30_000];

/** mulberry32: a small seeded PRNG, so every run sees the same latencies. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface Batch {
	items: BenchItem[];
	latencyByPrompt: Map<string, number>;
}

export function makeBatch(images = 50, videos = 10, seed = SEED): Batch {
	const next = random(seed);
	const between = ([low, high]: [number, number]) => Math.round(low + next() * (high - low));
	const items: BenchItem[] = [];
	const latencyByPrompt = new Map<string, number>();
	for (let i = 0; i < images + videos; i++) {
		const kind = i < images ? 'image' : 'video';
		const prompt = `bench ${kind} #${i}`;
		latencyByPrompt.set(prompt, between(kind === 'image' ? IMAGE_LATENCY_MS : VIDEO_LATENCY_MS));
		items.push(
			kind === 'image'
				? { i, kind, prompt, endpoint: '/api/ai/image/generate', body: { model: 'gpt-image-2', prompt, aspectRatio: '1:1' } }
				: {
						i,
						kind,
						prompt,
						endpoint: '/api/ai/video/generate',
						body: { model: 'veo3_lite', prompt, inputMode: 'text_to_video', duration: 8, aspectRatio: '16:9' },
					},
		);
	}
	return { items, latencyByPrompt };
}

export const credentialsFor = (sim: SimulatorHandle) => ({
	[CREDENTIAL_TYPE]: { apiKey: sim.defaultKey, baseUrl: sim.baseUrl },
	[HEADER_CREDENTIAL_TYPE]: { name: 'Authorization', value: `Bearer ${sim.defaultKey}` },
});

export interface TimedRun {
	name: string;
	wallMs: number;
	startedAt: number;
	endedAt: number;
	result: RunResult;
	/** Requests the simulator's API and file host received during this run. */
	apiGets: number;
	apiPosts: number;
	fileGets: number;
}

export async function timedRun(name: string, sim: SimulatorHandle, workflow: IWorkflowBase, items: BenchItem[]): Promise<TimedRun> {
	const before = sim.requests.length;
	const startedAt = Date.now();
	const result = await runWorkflow(workflow, { credentials: credentialsFor(sim), pinData: pinnedItems(items), binaryMode: 'filesystem' });
	const endedAt = Date.now();
	if (result.error) throw new Error(`${name}: the run failed: ${result.error.message}`);
	const during = sim.requests.slice(before);
	return {
		name,
		wallMs: endedAt - startedAt,
		startedAt,
		endedAt,
		result,
		apiGets: during.filter((r) => r.server === 'api' && r.method === 'GET').length,
		apiPosts: during.filter((r) => r.server === 'api' && r.method === 'POST').length,
		fileGets: during.filter((r) => r.server === 'files').length,
	};
}

/** Binary outputs of a node over all its runs (a loop's Download node runs once per pass). */
export function binariesOf(run: TimedRun, nodeName: string): number {
	const runs = run.result.run.data.resultData.runData[nodeName] ?? [];
	return runs.flatMap((r) => r.data?.main?.[0] ?? []).filter((item) => item.binary && Object.keys(item.binary).length).length;
}

/** Wall time of one plain GET of a file, body read to the end. */
export async function timeDownload(url: string): Promise<number> {
	const started = Date.now();
	await new Promise<void>((resolve, reject) => {
		http
			.get(url, (res) => {
				res.resume();
				res.on('end', () => resolve());
				res.on('error', reject);
			})
			.on('error', reject);
	});
	return Date.now() - started;
}

export interface PollFigures {
	tasks: number;
	/** Mean over tasks of polls / (latency / 2 s). */
	pollsOverCadence: number;
	maxPollsOverCadence: number;
	/** Shortest time between two polls of the same task, over all tasks. */
	minGapMs: number;
	pollsPerTask: number;
}

/** Per task created in [from, to): how often it was polled against its latency / 2 s. */
export function pollFigures(sim: SimulatorHandle, from: number, to: number): PollFigures {
	const tasks = sim.tasks().filter((task) => task.createdAt >= from && task.createdAt < to);
	const gets = sim.requestsTo('api', 'GET', '/api/ai/tasks/').filter((r) => r.at >= from && r.at < to);
	const ratios: number[] = [];
	let minGapMs = Infinity;
	let polls = 0;
	for (const task of tasks) {
		const times = gets.filter((r) => decodeURIComponent(r.path.split('/').pop()!) === task.id).map((r) => r.at).sort((a, b) => a - b);
		polls += times.length;
		for (let k = 1; k < times.length; k++) minGapMs = Math.min(minGapMs, times[k] - times[k - 1]);
		const latency = (task.finishedAt ?? task.dueAt ?? task.createdAt) - task.createdAt;
		ratios.push(times.length / (latency / 2_000));
	}
	return {
		tasks: tasks.length,
		pollsOverCadence: ratios.reduce((a, b) => a + b, 0) / ratios.length,
		maxPollsOverCadence: Math.max(...ratios),
		minGapMs,
		pollsPerTask: polls / tasks.length,
	};
}
