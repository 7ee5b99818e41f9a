/**
 * One real n8n server for the end-to-end suite: started from the cached install on Node 24, with
 * this package unpacked where n8n's own "Settings → Community Nodes → Install" puts a package
 * (`<N8N_USER_FOLDER>/.n8n/nodes/node_modules/n8n-nodes-gptimage2api`, which 1.x and 2.x both
 * scan at start), a throwaway user folder, free ports and nothing that needs the internet.
 */
import { spawn, spawnSync } from 'child_process';
import type { ChildProcess } from 'child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse as parseFlatted } from 'flatted';

import { ARTIFACTS_DIR, NODE_BIN, n8nBin, n8nDir } from './env';

export const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Owner-Password-1' };
export const PACKAGE_NAME = 'n8n-nodes-gptimage2api';

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RestResponse<T = unknown> {
	status: number;
	body: T;
	text: string;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	startedAt?: string;
}

export interface BinaryRef {
	mimeType: string;
	fileName?: string;
	fileExtension?: string;
	/** Filesystem / database modes: a reference to fetch through /rest/binary-data. */
	id?: string;
	/** Default (in-memory) mode: the bytes, base64. */
	data?: string;
}

export interface ItemData {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryRef>;
}

export interface ExecutionDetail {
	id: string;
	mode: string;
	status: string;
	/** Items each node output, by node name (first run, main output 0). */
	outputs: Record<string, ItemData[]>;
	/** Errors each node ended with, by node name. */
	errors: Record<string, string>;
}

/** Process groups of servers still running: ended if the test process exits without stop(). */
const running = new Set<number>();
process.once('exit', () => {
	for (const pgid of running) {
		try {
			process.kill(-pgid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
});

export class N8nServer {
	readonly version: string;
	readonly major: number;
	readonly userFolder: string;
	readonly logFile: string;
	port = 0;
	startSeconds = 0;
	private child: ChildProcess | undefined;
	private cookie = '';
	private readonly baseEnv: NodeJS.ProcessEnv;

	private constructor(version: string, tarball: string) {
		this.version = version;
		this.major = Number(version.split('.')[0]);
		this.userFolder = mkdtempSync(join(tmpdir(), `n8n-e2e-${version}-`));
		mkdirSync(join(ARTIFACTS_DIR, 'logs'), { recursive: true });
		this.logFile = join(ARTIFACTS_DIR, 'logs', `n8n-${version}.log`);
		writeFileSync(this.logFile, '');
		this.installPackage(tarball);
		this.baseEnv = this.environment();
	}

	static async start(version: string, tarball: string): Promise<N8nServer> {
		const server = new N8nServer(version, tarball);
		await server.launch();
		return server;
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The published tarball, unpacked where n8n installs community packages. */
	private installPackage(tarball: string): void {
		const target = join(this.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		mkdirSync(target, { recursive: true });
		const untar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
		if (untar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${untar.stderr}`);
		// What n8n's own installer leaves beside it: a package.json listing the package.
		const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as { version: string };
		writeFileSync(
			join(this.userFolder, '.n8n', 'nodes', 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: manifest.version } }, null, 2),
		);
	}

	private environment(): NodeJS.ProcessEnv {
		// Only what n8n needs: none of the caller's N8N_* / DB_* settings leak in.
		const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR'];
		const env: NodeJS.ProcessEnv = {};
		for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
		const modules = join(n8nDir(this.version), 'node_modules', 'n8n', 'dist', 'modules');
		Object.assign(env, {
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-secret',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
			EXECUTIONS_MODE: 'regular',
			N8N_LOG_LEVEL: 'info',
			// Nothing phones home: telemetry, version checks, templates, banners, the
			// community-node catalog and (2.x) the MCP server registry are all off; anything
			// left fails fast on this machine (no DNS) and only logs a line.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
			N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			N8N_AI_ENABLED: 'false',
			NO_PROXY: '127.0.0.1,localhost',
			no_proxy: '127.0.0.1,localhost',
		});
		if (existsSync(join(modules, 'mcp-registry'))) env.N8N_DISABLED_MODULES = 'mcp-registry';
		// 1.x runs Code nodes in-process unless told otherwise (and warns); 2.x always uses runners.
		if (this.major < 2) env.N8N_RUNNERS_ENABLED = 'true';
		return env;
	}

	private async launch(): Promise<void> {
		const started = Date.now();
		this.port = await freePort();
		const env = { ...this.baseEnv, N8N_PORT: String(this.port), N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const log = createWriteStream(this.logFile, { flags: 'a' });
		log.write(`\n===== n8n ${this.version} start on port ${this.port}, user folder ${this.userFolder}\n`);
		const child = spawn(NODE_BIN, [n8nBin(this.version), 'start'], { env, cwd: this.userFolder, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		this.child = child;
		if (child.pid) running.add(child.pid);
		child.stdout?.pipe(log);
		child.stderr?.pipe(log);
		let exited: string | undefined;
		child.once('exit', (code, signal) => {
			exited = `exited with ${code ?? signal}`;
		});
		const deadline = Date.now() + 240_000;
		for (;;) {
			if (exited) throw new Error(`n8n ${this.version} ${exited} while starting; see ${this.logFile}`);
			if (Date.now() > deadline) throw new Error(`n8n ${this.version} did not answer on ${this.url} within 240 s; see ${this.logFile}`);
			try {
				// While it migrates, n8n answers every path with 200 "n8n is starting up"; /rest/settings
				// answers JSON once the REST API is mounted.
				const response = await fetch(`${this.url}/rest/settings`);
				const text = await response.text();
				if (response.status === 200 && text.startsWith('{')) break;
			} catch {
				// not listening yet
			}
			await sleep(500);
		}
		this.startSeconds = Math.round((Date.now() - started) / 100) / 10;
	}

	async stop(): Promise<void> {
		const child = this.child;
		this.child = undefined;
		if (child?.pid && child.exitCode === null && child.signalCode === null) {
			const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			// n8n's own children (task runners) are in its process group: end that group only.
			process.kill(-child.pid, 'SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), 20_000)));
			const outcome = await Promise.race([done.then(() => 'done'), timeout]);
			clearTimeout(timer);
			if (outcome === 'timeout') {
				process.kill(-child.pid, 'SIGKILL');
				await done;
			}
			// Anything of its group still alive (a task runner) would hold the log pipes open.
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// the group is gone: nothing left
			}
			child.stdout?.destroy();
			child.stderr?.destroy();
			running.delete(child.pid);
		}
		rmSync(this.userFolder, { recursive: true, force: true });
	}

	// ── REST API, as the editor uses it ─────────────────────────────────────────────────────

	async rest<T = unknown>(method: string, path: string, body?: unknown): Promise<RestResponse<T>> {
		const headers: Record<string, string> = { Accept: 'application/json' };
		if (this.cookie) headers.Cookie = this.cookie;
		if (body !== undefined) headers['Content-Type'] = 'application/json';
		const response = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		const setCookie = response.headers.get('set-cookie');
		const auth = setCookie && /n8n-auth=([^;]+)/.exec(setCookie);
		if (auth) this.cookie = `n8n-auth=${auth[1]}`;
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text === '' ? undefined : JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		const data = parsed && typeof parsed === 'object' && 'data' in parsed ? (parsed as { data: unknown }).data : parsed;
		return { status: response.status, body: data as T, text };
	}

	/** Like rest(), but anything but 2xx is an error naming the call. */
	async ok<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.rest<T>(method, path, body);
		if (response.status < 200 || response.status >= 300) {
			throw new Error(`${method} ${path} → HTTP ${response.status}: ${response.text.slice(0, 500)}`);
		}
		return response.body;
	}

	get authCookie(): string {
		return this.cookie.replace(/^n8n-auth=/, '');
	}

	async setupOwnerAndLogin(): Promise<void> {
		await this.ok('POST', '/rest/owner/setup', OWNER);
		this.cookie = '';
		await this.ok('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password });
		if (!this.cookie) throw new Error('login set no n8n-auth cookie');
	}

	async nodeTypes(): Promise<Array<{ name: string; displayName: string; version: number | number[]; credentials?: Array<{ name: string }> }>> {
		const response = await this.rest<unknown>('GET', '/types/nodes.json');
		if (response.status !== 200) throw new Error(`/types/nodes.json → HTTP ${response.status}`);
		return response.body as Array<{ name: string; displayName: string; version: number | number[] }>;
	}

	async credentialTypes(): Promise<Array<{ name: string; displayName: string; properties: Array<{ name: string }> }>> {
		const response = await this.rest<unknown>('GET', '/types/credentials.json');
		if (response.status !== 200) throw new Error(`/types/credentials.json → HTTP ${response.status}`);
		return response.body as Array<{ name: string; displayName: string; properties: Array<{ name: string }> }>;
	}

	async createWorkflow(workflow: object): Promise<{ id: string; versionId: string }> {
		return await this.ok<{ id: string; versionId: string }>('POST', '/rest/workflows', { active: false, ...workflow });
	}

	async activate(workflowId: string): Promise<void> {
		const workflow = await this.ok<{ versionId: string }>('GET', `/rest/workflows/${workflowId}`);
		await this.ok('POST', `/rest/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.ok('POST', `/rest/workflows/${workflowId}/deactivate`, {});
	}

	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const list = await this.ok<{ results: ExecutionSummary[] }>('GET', `/rest/executions?filter=${filter}&limit=100`);
		return [...list.results].sort((a, b) => Number(a.id) - Number(b.id));
	}

	async execution(id: string): Promise<ExecutionDetail> {
		const raw = await this.ok<{ id: string; mode: string; status: string; data: string }>('GET', `/rest/executions/${id}`);
		const data = parseFlatted(raw.data) as {
			resultData: { runData: Record<string, Array<{ data?: { main?: ItemData[][] }; error?: { message?: string } }>> };
		};
		const outputs: Record<string, ItemData[]> = {};
		const errors: Record<string, string> = {};
		for (const [node, runs] of Object.entries(data.resultData.runData)) {
			outputs[node] = runs[0]?.data?.main?.[0] ?? [];
			if (runs[0]?.error) errors[node] = runs[0].error.message ?? 'error';
		}
		return { id: raw.id, mode: raw.mode, status: raw.status, outputs, errors };
	}

	/** The bytes of a binary property, as the editor's preview / download gets them. */
	async binaryBytes(binary: BinaryRef): Promise<Buffer> {
		if (binary.id) {
			const response = await fetch(`${this.url}/rest/binary-data?id=${encodeURIComponent(binary.id)}&action=download`, {
				headers: { Cookie: this.cookie },
			});
			if (response.status !== 200) throw new Error(`binary ${binary.id} → HTTP ${response.status}`);
			return Buffer.from(await response.arrayBuffer());
		}
		if (binary.data) return Buffer.from(binary.data, 'base64');
		throw new Error(`binary has neither id nor data: ${JSON.stringify(binary)}`);
	}

	// ── CLI, against the same user folder and database ─────────────────────────────────────

	/** Runs `n8n <args>`; returns its stdout, stderr and how long it took. */
	async cli(args: string[], timeoutMs = 180_000): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
		const started = Date.now();
		const env = { ...this.baseEnv, N8N_PORT: String(await freePort()), N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
			const child = spawn(NODE_BIN, [n8nBin(this.version), ...args], { env, cwd: this.userFolder, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			const timer = setTimeout(() => {
				if (child.pid) process.kill(-child.pid, 'SIGKILL');
			}, timeoutMs);
			child.once('close', (code) => {
				clearTimeout(timer);
				resolve({ code, stdout, stderr });
			});
		});
		writeFileSync(this.logFile, `\n===== n8n ${args.join(' ')} (exit ${result.code})\n${result.stderr}\n`, { flag: 'a' });
		return { ...result, seconds: Math.round((Date.now() - started) / 100) / 10 };
	}
}

/** The JSON document `n8n execute --rawOutput` prints after its log lines. */
export function parseRawOutput(stdout: string): {
	data: { resultData: { runData: Record<string, Array<{ data?: { main?: ItemData[][] }; error?: { message?: string } }>>; error?: { message?: string } } };
} {
	const start = stdout.search(/^\{/m);
	if (start < 0) throw new Error(`no JSON in n8n execute output:\n${stdout.slice(-2000)}`);
	return JSON.parse(stdout.slice(start)) as ReturnType<typeof parseRawOutput>;
}
