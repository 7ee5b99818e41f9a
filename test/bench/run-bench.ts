/**
 * `npm run bench`: every figure below is a ratio of runs made side by side in this one run (the
 * machines are noisy; absolute times are printed for context only). Writes the same figures to
 * test/bench/results.json.
 *
 *  1. Batch: 50 image + 10 video prompts (latencies from a fixed seed) through (a) our node,
 *     (b) the HTTP Request → Wait → HTTP Request → IF loop users build today, with all items in
 *     the loop together, (c) the same loop inside Loop Over Items, one prompt at a time; against
 *     (d) the ideal: the slowest task's latency plus its download.
 *  2. Requests: polls per task against latency / 2 s, and the shortest gap between two polls.
 *  3. Memory: peak RSS growth while a 320 MiB video lands in n8n's filesystem binary store,
 *     streamed (our node) and buffered, each in its own child process.
 *  4. Overhead: time to load our node classes; size of the published tarball.
 *
 * BENCH_FULL=1 runs (c) on all 60 prompts (about 12 minutes) instead of a 6-prompt sample.
 */
import { execFileSync, fork } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { Container } from '@n8n/di';
import { BinaryDataConfig } from 'n8n-core';

import { useBaseNodes } from '../engine/engine';
import { packageRoot } from '../engine/node-types';
import { startSimulator } from '../simulator';
import type { SimulatorHandle } from '../simulator';
import type { TimedRun } from './batch';
import { IMAGE_LATENCY_MS, SEED, VIDEO_LATENCY_MS, binariesOf, makeBatch, pollFigures, timeDownload, timedRun } from './batch';
import { loopWorkflow, oneAtATimeWorkflow, oursSubmitThenWaitWorkflow, oursWorkflow } from './workflows';

const LOOP_WAIT_SECONDS = 5;
const LARGE_VIDEO_MB = 320;
const LOAD_SAMPLES = 7;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

function log(line: string) {
	process.stdout.write(`${line}\n`);
}

function resultLine(output: string): Record<string, number | string> {
	const line = output.split('\n').find((l) => l.startsWith('RESULT '));
	if (!line) throw new Error(`a bench child printed no result:\n${output}`);
	return JSON.parse(line.slice('RESULT '.length)) as Record<string, number | string>;
}

async function memoryCase(sim: SimulatorHandle, which: string, videoTask: string): Promise<Record<string, number | string>> {
	const child = fork(path.join(__dirname, 'memory-child.js'), [which], {
		execArgv: ['--expose-gc'],
		stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
		env: {
			...process.env,
			N8N_LOG_LEVEL: 'silent',
			N8N_USER_FOLDER: '',
			BENCH_SIM_URL: sim.baseUrl,
			BENCH_SIM_KEY: sim.defaultKey,
			BENCH_FILE_URL: sim.fileUrl,
			BENCH_VIDEO_TASK: videoTask,
		},
	});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.on('message', () => {
		sim.setLargeVideoMb(LARGE_VIDEO_MB);
		child.send('go');
	});
	const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
	sim.setLargeVideoMb(undefined);
	if (code !== 0) throw new Error(`memory case ${which} failed:\n${output}`);
	return resultLine(output);
}

function loadSample(): number {
	const output = execFileSync(process.execPath, [path.join(__dirname, 'load-child.js'), packageRoot], { cwd: packageRoot, encoding: 'utf8' });
	return Number(resultLine(output).ms);
}

interface Pack {
	size: number;
	unpackedSize: number;
	files: Array<{ path: string }>;
}

function pack(): Pack {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageRoot, encoding: 'utf8' });
	return (JSON.parse(output) as Pack[])[0];
}

const SHIPPED = /^(dist\/(nodes|credentials)\/|index\.js$|package\.json$|README\.md$|LICENSE(\.md)?$)/;

async function main() {
	const benchStarted = Date.now();
	await useBaseNodes(['ManualTrigger', 'HttpRequest', 'Wait', 'If', 'SplitInBatches', 'Merge', 'HttpHeaderAuth'], 'filesystem');
	const { items, latencyByPrompt } = makeBatch();
	const sim = await startSimulator({
		latencyMs: 300,
		outcome: ({ body }) => {
			const latencyMs = latencyByPrompt.get(String(body.prompt));
			return latencyMs === undefined ? undefined : { latencyMs };
		},
	});
	const images = items.filter((item) => item.kind === 'image').length;
	log(`GPT Image 2 API node benchmark: ${images} image + ${items.length - images} video prompts, seed ${SEED}, latencies images ${IMAGE_LATENCY_MS.map((ms) => ms / 1000).join('–')} s, videos ${VIDEO_LATENCY_MS.map((ms) => ms / 1000).join('–')} s; n8n binary data: filesystem`);

	// Warm-up: every workflow once on two quick prompts, so module loading is not timed.
	const warmItems = [items[0], items[items.length - 1]].map((item) => ({ ...item, prompt: `warm ${item.prompt}`, body: { ...item.body, prompt: `warm ${item.prompt}` } }));
	for (const workflow of [oursWorkflow(), oursSubmitThenWaitWorkflow(), loopWorkflow(sim.baseUrl, 1)]) {
		await timedRun(`warm-up ${workflow.name}`, sim, workflow, warmItems);
	}

	const timersBefore = timers();
	const ours = await timedRun('(a) ours', sim, oursWorkflow(), items);
	const oursPolls = pollFigures(sim, ours.startedAt, ours.endedAt);
	const timersAfterOurs = timers();
	const oursSplit = await timedRun("(a') ours, submit then wait", sim, oursSubmitThenWaitWorkflow(), items);
	const splitPolls = pollFigures(sim, oursSplit.startedAt, oursSplit.endedAt);
	const loop = await timedRun('(b) loop', sim, loopWorkflow(sim.baseUrl, LOOP_WAIT_SECONDS), items);
	const full = process.env.BENCH_FULL === '1';
	const sample = full ? items : items.filter((item) => item.i % 10 === 0);
	const oneAtATime = await timedRun('(c) one at a time', sim, oneAtATimeWorkflow(sim.baseUrl, LOOP_WAIT_SECONDS), sample);
	const oneAtATimeMs = (oneAtATime.wallMs * items.length) / sample.length;

	for (const [run, node, expected] of [
		[ours, 'Generate Image', images],
		[ours, 'Generate Video', items.length - images],
		[oursSplit, 'Wait for Results', items.length],
		[loop, 'Download', items.length],
		[oneAtATime, 'Download', sample.length],
	] as Array<[TimedRun, string, number]>) {
		const got = binariesOf(run, node);
		if (got !== expected) throw new Error(`${run.name}: ${node} put out ${got} files, expected ${expected}`);
	}

	// (d) The ideal: the slowest task's latency plus the download of its file.
	const slowestPrompt = [...latencyByPrompt.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
	const slowestTask = sim.tasks().find((task) => task.prompt === slowestPrompt[0] && task.createdAt >= ours.startedAt)!;
	const slowestUrl = ours.result.output('Generate Video').find((item) => item.json.taskId === slowestTask.id)!.json.videoUrl as string;
	const downloadMs = median([await timeDownload(slowestUrl), await timeDownload(slowestUrl), await timeDownload(slowestUrl)]);
	const idealMs = slowestPrompt[1] + downloadMs;

	// Memory: a completed video task whose file the simulator serves small or large on demand.
	const submitted = await fetch(`${sim.baseUrl}/api/ai/video/generate`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${sim.defaultKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ model: 'veo3_lite', prompt: 'bench memory file', inputMode: 'text_to_video', duration: 8, aspectRatio: '16:9' }),
	});
	const videoTask = ((await submitted.json()) as { taskId: string }).taskId;
	sim.settleTask(videoTask);
	const streamed = await memoryCase(sim, 'streamed', videoTask);
	const buffered = await memoryCase(sim, 'buffered', videoTask);
	const httpNode = await memoryCase(sim, 'httpRequest', videoTask);

	const loadMs = median(Array.from({ length: LOAD_SAMPLES }, loadSample));
	const tarball = pack();
	const strays = tarball.files.map((file) => file.path).filter((file) => !SHIPPED.test(file));
	await sim.close();
	rmSync(Container.get(BinaryDataConfig).localStoragePath, { recursive: true, force: true });

	const results = {
		batch_ours_over_ideal: round(ours.wallMs / idealMs),
		batch_loop_over_ours: round(loop.wallMs / ours.wallMs),
		batch_sequential_over_ours: round(oneAtATimeMs / ours.wallMs, 1),
		polls_per_task_over_cadence: round(oursPolls.pollsOverCadence),
		rss_growth_mb_streamed: round(Number(streamed.growthMb), 1),
		rss_growth_mb_buffered: round(Number(buffered.growthMb), 1),
		video_mb: round(Number(streamed.fileMb), 1),
		load_ms: round(loadMs, 1),
		tarball_kb: round(tarball.size / 1024, 1),
		// Context: more figures from the same run (ratios unless the name says otherwise).
		batch_ours_submit_then_wait_over_ideal: round(oursSplit.wallMs / idealMs),
		batch_loop_over_ours_submit_then_wait: round(loop.wallMs / oursSplit.wallMs),
		polls_per_task_over_cadence_submit_then_wait: round(splitPolls.pollsOverCadence),
		min_poll_gap_ms: Math.min(oursPolls.minGapMs, splitPolls.minGapMs),
		gets_per_task_ours: round(oursPolls.pollsPerTask, 1),
		gets_per_task_loop: round(loop.apiGets / items.length, 1),
		rss_growth_mb_n8n_http_request: round(Number(httpNode.growthMb), 1),
		timers_left_after_ours: timersAfterOurs - timersBefore,
		sequential_sampled_prompts: sample.length,
		wall_ms: { ideal: idealMs, ours: ours.wallMs, ours_submit_then_wait: oursSplit.wallMs, loop: loop.wallMs, sequential: Math.round(oneAtATimeMs) },
		tarball_files: tarball.files.length,
		tarball_unpacked_kb: round(tarball.unpackedSize / 1024, 1),
	};
	writeFileSync(path.join(packageRoot, 'test', 'bench', 'results.json'), `${JSON.stringify(results, null, '\t')}\n`);

	const rows: Array<[string, string, string, string]> = [
		['batch: ours / ideal', results.batch_ours_over_ideal.toFixed(2), '≤ 1.10', `${seconds(ours.wallMs)} vs ${seconds(idealMs)} (slowest task + its download)`],
		["batch: ours (submit, then wait) / ideal", results.batch_ours_submit_then_wait_over_ideal.toFixed(2), '≤ 1.10', `${seconds(oursSplit.wallMs)}`],
		['batch: loop / ours', results.batch_loop_over_ours.toFixed(2), '≥ 1', `${seconds(loop.wallMs)}, HTTP Request + Wait ${LOOP_WAIT_SECONDS} s + IF`],
		["batch: loop / ours (submit, then wait)", results.batch_loop_over_ours_submit_then_wait.toFixed(2), '≥ 1', ''],
		['batch: one at a time / ours', results.batch_sequential_over_ours.toFixed(1), '', `${seconds(oneAtATimeMs)}${full ? '' : ` (${sample.length}-prompt sample × ${items.length / sample.length})`}`],
		['polls per task / (latency / 2 s)', results.polls_per_task_over_cadence.toFixed(2), '≈ 1', `${oursPolls.pollsPerTask.toFixed(1)} GETs per task (loop: ${results.gets_per_task_loop}); shortest gap ${results.min_poll_gap_ms} ms (≥ 2000)`],
		['RSS growth, streamed (MB)', results.rss_growth_mb_streamed.toFixed(1), '≤ 64', `${results.video_mb} MB video into filesystem binary data; ${seconds(Number(streamed.ms))}`],
		['RSS growth, buffered (MB)', results.rss_growth_mb_buffered.toFixed(1), '', `same file, body collected in memory first; n8n HTTP Request node: ${results.rss_growth_mb_n8n_http_request} MB`],
		['load time (ms)', results.load_ms.toFixed(1), '', `median of ${LOAD_SAMPLES} fresh processes: require + construct the 2 nodes and the credential`],
		['tarball (kB)', results.tarball_kb.toFixed(1), '', `${tarball.files.length} files, ${results.tarball_unpacked_kb} kB unpacked${strays.length ? `; UNEXPECTED: ${strays.join(', ')}` : '; dist/nodes, dist/credentials, index.js, README, LICENSE, package.json only'}`],
	];
	const widths = [0, 1, 2].map((col) => Math.max(...rows.map((row) => row[col].length), ['figure', 'value', 'goal'][col].length));
	log('');
	log(`| ${'figure'.padEnd(widths[0])} | ${'value'.padStart(widths[1])} | ${'goal'.padEnd(widths[2])} | context |`);
	log(`| ${'-'.repeat(widths[0])} | ${'-'.repeat(widths[1])} | ${'-'.repeat(widths[2])} | --- |`);
	for (const [name, value, goal, context] of rows) log(`| ${name.padEnd(widths[0])} | ${value.padStart(widths[1])} | ${goal.padEnd(widths[2])} | ${context} |`);
	log('');
	log(`Timers left running after our node finished: ${results.timers_left_after_ours}. Bench took ${seconds(Date.now() - benchStarted)}; figures in test/bench/results.json.`);
	if (strays.length) process.exitCode = 1;
}

main().then(
	() => process.exit(),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
