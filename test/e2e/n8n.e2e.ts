/**
 * End to end: this package inside real n8n servers (the newest 2.x that installs here and the
 * last 1.x), driven the way a user drives it — REST API, CLI, and the editor in Chromium —
 * against the API simulator on 127.0.0.1. `npm run test:e2e` prepares and runs it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { IMAGE_MODELS, VIDEO_MODELS } from '../../nodes/GptImage2Api/catalog/models';
import type { ImageModel, VideoModel } from '../../nodes/GptImage2Api/catalog/models';
import { decodeImage, mp4BoxTypes } from '../engine/media';
import { startSimulator } from '../simulator';
import type { SimulatorHandle } from '../simulator';
import { download, submitImage } from '../simulator/helpers';
import { Editor } from './editor';
import type { DropdownOption } from './editor';
import { ARTIFACTS_DIR, REPO_ROOT, readReport, targets } from './env';
import { N8nServer, PACKAGE_NAME, freePort, parseRawOutput } from './n8n';
import type { ExecutionDetail, ItemData } from './n8n';

const ACTION = `${PACKAGE_NAME}.gptImage2Api`;
const TRIGGER = `${PACKAGE_NAME}.gptImage2ApiTrigger`;
const CREDENTIAL = 'gptImage2Api';
/** Examples started by hand (manual trigger): `n8n execute --id` runs them. */
const MANUAL_EXAMPLES = ['text-to-image', 'image-edit', 'image-to-video'] as const;
/** Examples started by our trigger: they run once activated. */
const TRIGGER_EXAMPLES = ['trigger-task-ids', 'trigger-new-generation'] as const;

interface WorkflowFile {
	id?: string;
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown>; credentials?: Record<string, { id: string; name: string }> }>;
	connections: object;
	settings?: object;
}

/** An example as a user has it after importing it and picking their credential in each node. */
function loadExample(name: string, credentialId: string): WorkflowFile {
	const workflow = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', `${name}.json`), 'utf8')) as WorkflowFile;
	for (const node of workflow.nodes) if (node.credentials?.[CREDENTIAL]) node.credentials[CREDENTIAL].id = credentialId;
	return workflow;
}

const report = readReport();
const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));
const since = (started: number) => Math.round((Date.now() - started) / 100) / 10;

/** Timings of this run, by n8n version, written to test-artifacts/e2e/timings.json. */
const timings: Record<string, Record<string, number | Record<string, number>>> = {};
function saveTimings(): void {
	const file = join(ARTIFACTS_DIR, 'timings.json');
	const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { versions?: object }) : {};
	mkdirSync(ARTIFACTS_DIR, { recursive: true });
	writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), versions: { ...(previous.versions ?? {}), ...timings } }, null, 2));
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 1000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await sleep(everyMs);
	}
}

const taskIdsOf = (items: ItemData[]) => items.map((item) => item.json.taskId as string);
const words = (text: string): string[] => text.match(/\d+(?:\.\d+)?|[A-Za-z]+/g) ?? [];
/** True when every number appears in the text as a whole number (so "6" does not match "16"). */
const hasNumbers = (text: string, numbers: readonly number[]) => numbers.every((n) => words(text).includes(String(n)));

if (!report) {
	describe('end-to-end suite', () => {
		test('needs `npm run test:e2e` (it installs n8n and writes test-artifacts/e2e/prepare.json first)', () => {
			throw new Error('test-artifacts/e2e/prepare.json is missing: run "npm run test:e2e", not jest on this folder alone');
		});
	});
}

for (const target of report ? targets() : []) {
	const status = report!.n8n[target.version];
	const title = `n8n ${target.version} (${target.line}: ${target.why})`;
	if (!status?.ok || 'error' in report!.tarball) {
		const reason = !status ? 'prepare did not try it' : 'error' in status ? status.error : (report!.tarball as { error: string }).error;
		describe(title, () => {
			// Skipped, not failed: the reason is in the title and printed once.
			test.skip(`SKIPPED — ${reason.split('\n')[0]}`, () => undefined);
		});
		process.stdout.write(`\n[e2e] n8n ${target.version} skipped: ${reason}\n`);
		continue;
	}
	const tarball = report!.tarball.path;
	const times: Record<string, number | Record<string, number>> = { installSeconds: status.installSeconds, rebuildSeconds: status.rebuildSeconds };
	timings[target.version] = times;

	describe(title, () => {
		let sim: SimulatorHandle;
		let server: N8nServer;
		let credentialId: string;

		beforeAll(async () => {
			sim = await startSimulator({ latencyMs: 300 });
			server = await N8nServer.start(target.version, tarball);
			times.n8nStartSeconds = server.startSeconds;
			process.stdout.write(`[e2e] n8n ${target.version} up on ${server.url} in ${server.startSeconds} s\n`);
			await server.setupOwnerAndLogin();
			const credential = await server.ok<{ id: string }>('POST', '/rest/credentials', {
				name: 'GPT Image 2 API account',
				type: CREDENTIAL,
				data: { apiKey: sim.defaultKey, baseUrl: sim.baseUrl },
			});
			credentialId = credential.id;
		}, 300_000);

		afterAll(async () => {
			await server?.stop();
			await sim?.close();
			saveTimings();
		}, 60_000);

		test('starts with the package loaded: lists our two node types and our credential type', async () => {
			const started = Date.now();
			const nodes = await server.nodeTypes();
			const action = nodes.find((node) => node.name === ACTION);
			const trigger = nodes.find((node) => node.name === TRIGGER);
			expect(action).toMatchObject({ displayName: 'GPT Image 2 API' });
			expect(trigger).toMatchObject({ displayName: 'GPT Image 2 API Trigger' });
			for (const node of [action, trigger]) expect(node?.credentials?.map((c) => c.name)).toContain(CREDENTIAL);
			// The description n8n serves is the one built from the catalog: every model is offered.
			const properties = (action as unknown as { properties: Array<{ name: string; options?: Array<{ value: unknown }> }> }).properties;
			const offered = properties.filter((p) => p.name === 'model').flatMap((p) => (p.options ?? []).map((o) => o.value));
			expect(new Set(offered)).toEqual(new Set([...IMAGE_MODELS, ...VIDEO_MODELS].map((m) => m.id)));

			const credentials = await server.credentialTypes();
			const credential = credentials.find((c) => c.name === CREDENTIAL);
			expect(credential).toMatchObject({ displayName: 'GPT Image 2 API' });
			expect(credential?.properties.map((p) => p.name)).toEqual(expect.arrayContaining(['apiKey', 'baseUrl']));

			const log = readFileSync(server.logFile, 'utf8');
			expect(log).not.toMatch(/Failed to load package "n8n-nodes-gptimage2api"|Skipping package "n8n-nodes-gptimage2api"/);
			times.typesSeconds = since(started);
		}, 60_000);

		test('credential test through the REST API: passes with a good key, fails clearly with a bad key or an unreachable host', async () => {
			const started = Date.now();
			const balance = sim.ledger(sim.defaultKey).balance;
			sim.clearLog();
			const check = async (data: Record<string, string>) =>
				await server.ok<{ status: string; message: string }>('POST', '/rest/credentials/test', {
					credentials: { id: credentialId, name: 'GPT Image 2 API account', type: CREDENTIAL, data },
				});

			expect(await check({ apiKey: sim.defaultKey, baseUrl: sim.baseUrl })).toEqual({
				status: 'OK',
				message: 'Connection successful: the API key was accepted',
			});
			const bad = await check({ apiKey: 'sk_live_wrong_key', baseUrl: sim.baseUrl });
			expect(bad).toEqual({ status: 'Error', message: 'The API key was rejected (401 Unauthorized)' });

			const closed = `http://127.0.0.1:${await freePort()}`;
			expect(await check({ apiKey: sim.defaultKey, baseUrl: closed })).toEqual({ status: 'Error', message: `Could not reach ${closed} (ECONNREFUSED)` });
			const plainHttp = await check({ apiKey: sim.defaultKey, baseUrl: 'http://api.example.com' });
			expect(plainHttp.status).toBe('Error');
			expect(plainHttp.message).toMatch(/must use https/);

			// The test is a GET of a task that cannot exist: no credits spent, the key sent as a Bearer header.
			const probes = sim.requestsTo('api', 'GET', '/api/ai/tasks/');
			expect(probes).toHaveLength(2);
			expect(probes.every((request) => request.hadAuthorization)).toBe(true);
			expect(sim.requestsTo('api', 'POST')).toHaveLength(0);
			expect(sim.ledger(sim.defaultKey).balance).toBe(balance);

			// The saved credential (good key) is what the workflows below use.
			const saved = await server.ok<{ type: string; name: string }>('GET', `/rest/credentials/${credentialId}`);
			expect(saved).toMatchObject({ type: CREDENTIAL, name: 'GPT Image 2 API account' });
			times.credentialTestSeconds = since(started);
		}, 60_000);

		test('example workflows: all five imported with `n8n import:workflow`; the manual ones run with `n8n execute --id` and output real image and video files', async () => {
			const started = Date.now();
			const dir = mkdtempSync(join(tmpdir(), 'n8n-e2e-examples-'));
			const ids: Record<string, string> = {};
			for (const [index, example] of [...MANUAL_EXAMPLES, ...TRIGGER_EXAMPLES].entries()) {
				const workflow = loadExample(example, credentialId);
				workflow.id = `e2eExample00000${index + 1}`;
				ids[example] = workflow.id;
				writeFileSync(join(dir, `${example}.json`), JSON.stringify(workflow));
			}
			const imported = await server.cli(['import:workflow', '--separate', `--input=${dir}`]);
			expect({ code: imported.code, out: imported.stdout.trim().split('\n').pop() }).toEqual({
				code: 0,
				out: expect.stringMatching(/Successfully imported 5 workflows/),
			});
			for (const example of [...MANUAL_EXAMPLES, ...TRIGGER_EXAMPLES]) {
				const stored = await server.ok<{ name: string; nodes: Array<{ type: string }> }>('GET', `/rest/workflows/${ids[example]}`);
				expect(stored.name).toBe(loadExample(example, credentialId).name);
			}
			const executeSeconds: Record<string, number> = { importAll: imported.seconds };
			times.examples = executeSeconds;

			const results: Record<string, ExecutionDetail> = {};
			for (const example of MANUAL_EXAMPLES) {
				const before = await server.executions(ids[example]);
				const run = await server.cli(['execute', `--id=${ids[example]}`, '--rawOutput']);
				executeSeconds[example] = run.seconds;
				if (run.code !== 0) throw new Error(`n8n execute ${example} exited ${run.code}:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
				const raw = parseRawOutput(run.stdout);
				expect(raw.data.resultData.error).toBeUndefined();
				// The run is saved like any other: the editor's Executions list shows it.
				const after = await server.executions(ids[example]);
				expect(after).toHaveLength(before.length + 1);
				const saved = after[after.length - 1];
				expect(saved).toMatchObject({ mode: 'cli', status: 'success' });
				results[example] = await server.execution(saved.id);
				expect(results[example].errors).toEqual({});
			}

			/** The saved binary, fetched as the editor fetches it, is the file the API served. */
			const fileOf = async (item: ItemData, key: string, url: string) => {
				const binary = item.binary?.[key];
				if (!binary) throw new Error(`no binary "${key}" on ${String(item.json.taskId)}`);
				const bytes = await server.binaryBytes(binary);
				expect(bytes.equals((await download(url)).bytes)).toBe(true);
				return { binary, bytes };
			};

			const [image] = results['text-to-image'].outputs['Generate Image'];
			expect(image.json).toMatchObject({ type: 'image', model: 'gpt-image-2', state: 'completed', creditsUsed: 3 });
			const png = await fileOf(image, 'image', (image.json.imageUrls as string[])[0]);
			expect(png.binary).toMatchObject({ mimeType: 'image/png', fileName: `${String(image.json.taskId)}.png` });
			expect(decodeImage(png.bytes)).toMatchObject({ format: 'png' });

			const [first] = results['image-edit'].outputs['Generate Image'];
			const [edited] = results['image-edit'].outputs['Edit Image'];
			expect(edited.json).toMatchObject({ type: 'image', model: 'nano-banana-2', state: 'completed', creditsUsed: 6 });
			const editSubmit = sim.requestsTo('api', 'POST', '/api/ai/image/generate').find((r) => (r.body as { model?: string }).model === 'nano-banana-2');
			expect(editSubmit?.body).toMatchObject({ inputImageUrls: first.json.imageUrls, resolution: '2K' });
			const editedFile = await fileOf(edited, 'image', (edited.json.imageUrls as string[])[0]);
			expect(decodeImage(editedFile.bytes).width).toBeGreaterThan(0);

			const [video] = results['image-to-video'].outputs['Animate Image'];
			expect(video.json).toMatchObject({ type: 'video', model: 'veo3_fast', state: 'completed', creditsUsed: 9 });
			const mp4 = await fileOf(video, 'video', video.json.videoUrl as string);
			expect(mp4.binary).toMatchObject({ mimeType: 'video/mp4', fileName: `${String(video.json.taskId)}.mp4` });
			expect(mp4BoxTypes(mp4.bytes)).toEqual(expect.arrayContaining(['ftyp', 'moov', 'mdat']));

			// Charged exactly what the items say: 3 + (3 + 6) + (3 + 9), nothing twice.
			const charges = sim.ledger(sim.defaultKey).charges;
			expect(charges.map((c) => c.credits).reduce((a, b) => a + b, 0)).toBe(24);
			expect(sim.fileServerSawKey(sim.defaultKey)).toBe(false);
			times.examplesSeconds = since(started);
		}, 420_000);

		test('trigger examples, activated: executions appear as tasks finish, each task exactly once', async () => {
			const started = Date.now();
			sim.configure({ outcome: ({ body }) => (/hold/.test(String(body.prompt)) ? { neverFinish: true } : undefined) });
			const chargesBefore = sim.ledger(sim.defaultKey).charges.length;
			const submitted: string[] = [];
			for (const prompt of ['watched A hold', 'watched B hold', 'watched F hold, will fail', 'watched C hold, never finishes']) {
				const response = await submitImage(sim, { model: 'gpt-image-2', prompt });
				expect(response.status).toBe(200);
				submitted.push(response.body.taskId as string);
			}
			const [a, b, f, c] = submitted;
			sim.settleTask(a);

			// "Task IDs" example: the user pastes the IDs of tasks submitted elsewhere.
			const watchFile = loadExample('trigger-task-ids', credentialId);
			watchFile.nodes[0].parameters.taskIds = submitted.join('\n');
			const watch = await server.createWorkflow({ ...watchFile, name: `${watchFile.name} (e2e)` });
			// "New Generation" example: polls daily at 8:00; to see it work now, the user sets Every Minute.
			const dailyFile = loadExample('trigger-new-generation', credentialId);
			dailyFile.nodes[0].parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
			const daily = await server.createWorkflow({ ...dailyFile, name: `${dailyFile.name} (e2e)` });
			const [watchNode, watchNext] = watchFile.nodes.map((node) => node.name);
			const [dailyNode, dailyNext] = dailyFile.nodes.map((node) => node.name);

			const settled = async (workflowId: string, count: number) => {
				const list = await server.executions(workflowId);
				return list.length >= count && list.every((e) => !['running', 'new', 'waiting'].includes(e.status)) ? list : undefined;
			};
			const getsOfC = () => sim.requestsTo('api', 'GET', `/api/ai/tasks/${c}`).length;

			await server.activate(watch.id);
			await server.activate(daily.id);
			times.triggerActivateSeconds = since(started);

			// Activation polls once at once: A has finished, so one execution carrying A.
			const firstRun = await waitFor('the execution started on activation', 60_000, async () => await settled(watch.id, 1));
			expect(firstRun).toHaveLength(1);
			const one = await server.execution(firstRun[0].id);
			expect(one).toMatchObject({ mode: 'trigger', status: 'success' });
			expect(taskIdsOf(one.outputs[watchNode])).toEqual([a]);
			expect(taskIdsOf(one.outputs[watchNext])).toEqual([a]);

			// B finishes and F fails now: the next scheduled poll (within a minute) starts one execution with both
			// (the example has Include Failed Tasks on).
			sim.settleTask(b);
			sim.settleTask(f, { fail: { code: 'EMPTY_RESULT', message: 'The model returned no image' } });
			const secondRun = await waitFor('a second execution after B and F finished', 150_000, async () => await settled(watch.id, 2), 2000);
			expect(secondRun).toHaveLength(2);
			const two = await server.execution(secondRun[1].id);
			expect(two).toMatchObject({ mode: 'trigger', status: 'success' });
			expect(taskIdsOf(two.outputs[watchNode]).sort()).toEqual([b, f].sort());
			const failed = two.outputs[watchNode].find((item) => item.json.taskId === f)!;
			expect(failed.json).toMatchObject({ state: 'failed', errorCode: 'EMPTY_RESULT', creditsRefunded: true });
			expect(failed.binary).toBeUndefined();
			times.triggerSecondExecutionSeconds = since(started);

			// One more poll (it looks at C, still running): nothing new starts; A, B, F are not emitted again.
			const looked = getsOfC();
			await waitFor('one more scheduled poll', 150_000, async () => (getsOfC() > looked ? true : undefined), 1000);
			await sleep(5000);
			expect(await server.executions(watch.id)).toHaveLength(2);

			// The daily video, polled every minute: the activation poll submitted one; a later poll emits it.
			const dailyRuns = await waitFor('an execution of the new-generation trigger', 150_000, async () => await settled(daily.id, 1), 2000);
			await server.deactivate(watch.id);
			await server.deactivate(daily.id);
			const finalDaily = await server.executions(daily.id);
			const videos: ItemData[] = [];
			for (const summary of finalDaily) {
				const run = await server.execution(summary.id);
				expect(run).toMatchObject({ mode: 'trigger', status: 'success' });
				expect(taskIdsOf(run.outputs[dailyNext])).toEqual(taskIdsOf(run.outputs[dailyNode]));
				videos.push(...run.outputs[dailyNode]);
			}
			expect(dailyRuns.length).toBeGreaterThanOrEqual(1);
			for (const video of videos) {
				expect(video.json).toMatchObject({ type: 'video', model: 'veo3_fast', state: 'completed', creditsUsed: 9 });
				const bytes = await server.binaryBytes(video.binary!.video);
				expect(mp4BoxTypes(bytes)).toEqual(expect.arrayContaining(['ftyp', 'moov', 'mdat']));
			}
			// Once each: no video twice, every one charged once, at most one more still in flight at deactivation.
			const videoIds = taskIdsOf(videos);
			expect(new Set(videoIds).size).toBe(videoIds.length);
			const newCharges = sim.ledger(sim.defaultKey).charges.slice(chargesBefore);
			const generated = newCharges.filter((charge) => charge.model === 'veo3_fast').map((charge) => charge.taskId);
			expect(generated.slice(0, videoIds.length)).toEqual(videoIds);
			expect(generated.length - videoIds.length).toBeLessThanOrEqual(1);
			// Watching spends nothing: the only image charges are the four tasks submitted above.
			expect(newCharges.filter((charge) => charge.type === 'image').map((charge) => charge.taskId)).toEqual(submitted);

			// Each emitted item is the action node's item, with its file as real binary data.
			for (const item of [...one.outputs[watchNode], two.outputs[watchNode].find((i) => i.json.taskId === b)!]) {
				expect(item.json).toMatchObject({ type: 'image', state: 'completed', creditsUsed: 3 });
				const bytes = await server.binaryBytes(item.binary!.image);
				expect(decodeImage(bytes).width).toBeGreaterThan(0);
			}
			sim.configure({ outcome: undefined });
			times.triggerSeconds = since(started);
		}, 480_000);

		const editorSkip = 'error' in report!.chromium ? report!.chromium.error : 'error' in report!.playwright ? report!.playwright.error : undefined;
		(editorSkip ? test.skip : test)(
			editorSkip ? `editor: SKIPPED — ${editorSkip}` : 'editor (headless Chromium): model-dependent fields and credit labels appear and hide as the catalog says',
			async () => {
				const started = Date.now();
				const chromiumPath = (report!.chromium as { path: string }).path;
				const workflow = await server.createWorkflow({
					name: 'E2E: editor',
					nodes: [
						{ id: 'd2f0c3e2-0001-4c1e-9a10-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
						{
							id: 'd2f0c3e2-0001-4c1e-9a10-000000000002',
							name: 'Make Media',
							type: ACTION,
							typeVersion: 1,
							position: [260, 0],
							parameters: { resource: 'image', operation: 'generate', model: 'gpt-image-2', prompt: 'A lighthouse at dusk' },
							credentials: { [CREDENTIAL]: { id: credentialId, name: 'GPT Image 2 API account' } },
						},
						{
							id: 'd2f0c3e2-0001-4c1e-9a10-000000000003',
							name: 'Watch Tasks',
							type: TRIGGER,
							typeVersion: 1,
							position: [0, 260],
							parameters: {},
							credentials: { [CREDENTIAL]: { id: credentialId, name: 'GPT Image 2 API account' } },
						},
					],
					connections: { Start: { main: [[{ node: 'Make Media', type: 'main', index: 0 }]] } },
					settings: { executionOrder: 'v1' },
				});
				const editor = await Editor.open(server, chromiumPath, join(ARTIFACTS_DIR, 'screenshots'));
				try {
					await editor.signIn();
					await editor.openWorkflow(workflow.id);
					await editor.openNode('Make Media');
					times.editorOpenSeconds = since(started);
					await editor.shot('image-panel');
					await checkImageModels(editor);
					await editor.choose('resource', 'Video');
					await checkVideoModels(editor);
					await editor.closeNode();

					// The trigger's panel: its Source decides between generation fields and a Task IDs box.
					await editor.openNode('Watch Tasks');
					expect(await editor.shownFields(['source', 'resource', 'model', 'taskIds'])).toEqual(['source', 'resource', 'model']);
					await editor.shot('trigger-new-generation');
					await editor.choose('source', 'Task IDs');
					expect(await editor.shownFields(['source', 'resource', 'model', 'taskIds'])).toEqual(['source', 'taskIds']);
					await editor.shot('trigger-task-ids');
					await editor.closeNode();

					// Nothing the editor needed came from outside this machine.
					expect([...new Set(editor.blocked)].filter((origin) => !/n8n\.io|n8n\.cloud/.test(origin))).toEqual([]);
					times.editorSeconds = since(started);
					times.screenshots = editor.screenshots.length;
				} catch (error) {
					await editor.shot('failure').catch(() => undefined);
					throw error;
				} finally {
					await editor.close();
				}
			},
			420_000,
		);
	});
}

// ── Editor checks, each expectation derived from the model catalog ──────────────────────────

const IMAGE_DEPENDENT = ['resolution'];
const VIDEO_DEPENDENT = ['inputMode', 'imageUrl', 'duration', 'resolution'];

function imagePrices(model: ImageModel): Array<[string, number]> {
	return typeof model.credits === 'number' ? [] : Object.entries(model.credits);
}

function videoResolutionsOf(model: VideoModel): string[] {
	return 'any' in model.credits ? [] : Object.keys(model.credits);
}

function videoRow(model: VideoModel, resolution?: string): readonly number[] {
	const credits = model.credits as Record<string, readonly number[]>;
	return 'any' in model.credits ? model.credits.any : credits[resolution ?? videoResolutionsOf(model)[0]];
}

function expectModelList(options: DropdownOption[], models: ReadonlyArray<ImageModel | VideoModel>, prices: (model: never) => number[]): void {
	expect(options.map((o) => o.name)).toEqual(models.map((m) => m.name));
	for (const [index, model] of models.entries()) {
		const description = options[index].description;
		if (!hasNumbers(description, prices(model as never))) {
			throw new Error(`model list: "${model.name}" says "${description}", which lacks its prices ${prices(model as never).join(', ')}`);
		}
	}
}

async function checkImageModels(editor: Editor): Promise<void> {
	const list = await editor.options('model', 'image-models');
	expectModelList(list, IMAGE_MODELS, (model: ImageModel) => (typeof model.credits === 'number' ? [model.credits] : Object.values(model.credits)));
	for (const model of IMAGE_MODELS) {
		await editor.choose('model', model.name);
		const prices = imagePrices(model);
		expect({ model: model.id, shown: await editor.shownFields(IMAGE_DEPENDENT) }).toEqual({
			model: model.id,
			shown: prices.length ? ['resolution'] : [],
		});
		if (!prices.length) {
			await editor.shot(`image-${model.id}`);
			continue;
		}
		const options = await editor.options('resolution', `image-${model.id}-resolution`);
		expect(options).toHaveLength(prices.length);
		for (const [index, [resolution, credits]] of prices.entries()) {
			expect({ model: model.id, option: options[index].name }).toEqual({
				model: model.id,
				option: expect.stringMatching(new RegExp(`^${resolution}\\b.*\\b${credits} credits?\\b`)),
			});
		}
	}
	// Straight from the provider's price list, not the catalog: Nano Banana Pro is 12 / 20.
	await editor.choose('model', 'Nano Banana Pro (Gemini 3)');
	expect((await editor.options('resolution')).map((o) => o.name)).toEqual([expect.stringMatching(/^2K.*\b12\b/), expect.stringMatching(/^4K.*\b20\b/)]);
}

async function checkVideoModels(editor: Editor): Promise<void> {
	const list = await editor.options('model', 'video-models');
	expectModelList(list, VIDEO_MODELS, (model: VideoModel) => Object.values(model.credits as Record<string, readonly number[]>).flat());
	for (const model of VIDEO_MODELS) {
		await editor.choose('model', model.name);
		const both = model.modes.length > 1;
		const imageOnly = !both && model.modes[0] === 'image_to_video';
		const resolutions = videoResolutionsOf(model);
		const expected = [
			...(both ? ['inputMode'] : []),
			...(imageOnly ? ['imageUrl'] : []),
			'duration',
			...(resolutions.length ? ['resolution'] : []),
		];
		expect({ model: model.id, shown: await editor.shownFields(VIDEO_DEPENDENT) }).toEqual({ model: model.id, shown: expected });

		const durations = await editor.options('duration', `video-${model.id}-duration`);
		expect(durations).toHaveLength(model.durations.length);
		for (const [index, seconds] of model.durations.entries()) {
			const credits = resolutions.length ? resolutions.map((r) => videoRow(model, r)[index]) : [videoRow(model)[index]];
			if (!durations[index].name.startsWith(`${seconds} s`) || !hasNumbers(durations[index].name, credits)) {
				throw new Error(`${model.id}: duration option "${durations[index].name}" should be ${seconds} s at ${credits.join(' / ')} credits`);
			}
		}
		if (resolutions.length) {
			const options = await editor.options('resolution');
			expect(options.map((o) => o.name.split(' ')[0])).toEqual(resolutions);
			for (const [index, resolution] of resolutions.entries()) {
				if (!hasNumbers(options[index].name, videoRow(model, resolution))) {
					throw new Error(`${model.id}: resolution option "${options[index].name}" lacks ${videoRow(model, resolution).join(' / ')} credits`);
				}
			}
		}
		if (both) {
			// Image to video on a dual-mode model brings the Image URL field in.
			await editor.choose('inputMode', 'Image to Video');
			expect(await editor.isShown('imageUrl')).toBe(true);
			await editor.choose('inputMode', 'Text to Video');
			expect(await editor.isShown('imageUrl')).toBe(false);
		}
	}
	// From the provider's price list: Veo 3.1 is one 8-second tier at 63 credits.
	await editor.choose('model', 'Veo 3.1');
	expect((await editor.options('duration')).map((o) => o.name)).toEqual([expect.stringMatching(/^8 s.*\b63\b/)]);
}
