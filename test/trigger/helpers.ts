import type { INodeExecutionData } from 'n8n-workflow';

import { decodeImage } from '../engine/media';
import { PollHarness } from '../engine/poll';
import { simCredentials } from '../engine/workflows';
import type { SimulatorHandle } from '../simulator';
import { submitImage } from '../simulator/helpers';

export const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Outcome hook: a prompt like "latency=1500" or "fail=CODE" scripts that task, so tasks
 * submitted in one test can finish at different times.
 */
export function scriptedOutcomes(sim: SimulatorHandle, defaultLatencyMs = 200) {
	sim.configure({
		outcome: ({ body }) => {
			const prompt = String(body.prompt ?? '');
			const latency = /latency=(\d+)/.exec(prompt);
			const fail = /fail=(\w+)/.exec(prompt);
			return {
				latencyMs: latency ? Number(latency[1]) : defaultLatencyMs,
				...(/never/.test(prompt) ? { neverFinish: true } : {}),
				...(fail ? { fail: { code: fail[1], message: `scripted ${fail[1]}` } } : {}),
			};
		},
	});
}

/** Submits image tasks elsewhere (as the action node with Wait for Completion off would). */
export async function submitElsewhere(sim: SimulatorHandle, prompts: string[]): Promise<string[]> {
	const ids: string[] = [];
	for (const prompt of prompts) {
		const response = await submitImage(sim, { model: 'gpt-image-2', prompt });
		if (response.status !== 200) throw new Error(`submit failed: ${JSON.stringify(response.body)}`);
		ids.push(response.body.taskId as string);
	}
	return ids;
}

export async function harness(sim: SimulatorHandle, parameters: object, key = sim.defaultKey) {
	return await PollHarness.create(parameters, simCredentials(sim.baseUrl, key));
}

let accounts = 0;
/** A fresh account, so a test's ledger holds only its own charges. */
export function newAccount(sim: SimulatorHandle, credits = 10_000): string {
	const key = `sk_test_trigger_${process.pid}_${++accounts}`;
	sim.addAccount(key, credits);
	return key;
}

/** Arrival times of every GET of each task, in order. */
export function getsByTask(sim: SimulatorHandle): Map<string, number[]> {
	const byTask = new Map<string, number[]>();
	for (const request of sim.requestsTo('api', 'GET', '/api/ai/tasks/')) {
		const id = decodeURIComponent(request.path.split('/').pop()!);
		byTask.set(id, [...(byTask.get(id) ?? []), request.at]);
	}
	return byTask;
}

/** No task was asked for twice within 2 s. Returns the smallest gap seen (Infinity if none). */
export function minGapMs(sim: SimulatorHandle): number {
	let min = Infinity;
	for (const times of getsByTask(sim).values()) {
		for (let i = 1; i < times.length; i++) min = Math.min(min, times[i] - times[i - 1]);
	}
	return min;
}

/** Task IDs of the items, with a check that none came twice. */
export function emittedIds(items: INodeExecutionData[]): string[] {
	return items.map((item) => item.json.taskId as string);
}

export async function expectRealImage(h: PollHarness, item: INodeExecutionData, key = 'image') {
	const binary = item.binary?.[key];
	if (!binary) throw new Error(`no binary "${key}" on ${String(item.json.taskId)}`);
	const decoded = decodeImage(await h.binaryBuffer(binary));
	if (decoded.width <= 0) throw new Error('empty image');
	return { binary, decoded };
}

/** The key must appear nowhere the trigger writes: its static data and its items. */
export function expectNoKey(sim: SimulatorHandle, h: PollHarness, key = sim.defaultKey) {
	expect(JSON.stringify(h.workflow.staticData)).not.toContain(key);
	expect(JSON.stringify(h.saved ?? {})).not.toContain(key);
	expect(JSON.stringify(h.emitted().map((item) => item.json))).not.toContain(key);
	expect(sim.fileServerSawKey(key)).toBe(false);
}
