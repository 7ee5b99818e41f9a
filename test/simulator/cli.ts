/**
 * `npm run simulator`: a long-running simulator for manual runs against n8n.
 * Env: SIM_PORT, SIM_FILES_PORT (0 = free port), SIM_LATENCY_MS,
 * SIM_SHAPE (reference|quickstart), SIM_LARGE_VIDEO_MB.
 */
import { startSimulator } from './server';

function envNumber(name: string): number | undefined {
	const v = process.env[name];
	if (v === undefined || v === '') return undefined;
	const n = Number(v);
	if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${v}"`);
	return n;
}

async function main(): Promise<void> {
	const shape = process.env.SIM_SHAPE;
	if (shape !== undefined && shape !== 'reference' && shape !== 'quickstart') {
		throw new Error(`SIM_SHAPE must be reference or quickstart, got "${shape}"`);
	}
	const sim = await startSimulator({
		port: envNumber('SIM_PORT') ?? 0,
		filesPort: envNumber('SIM_FILES_PORT') ?? 0,
		latencyMs: envNumber('SIM_LATENCY_MS'),
		snapshotShape: shape,
		largeVideoMb: envNumber('SIM_LARGE_VIDEO_MB'),
	});
	console.log(`GPT Image 2 API simulator`);
	console.log(`  API base URL : ${sim.baseUrl}`);
	console.log(`  File URL     : ${sim.fileUrl}`);
	console.log(`  API key      : ${sim.defaultKey}`);
	console.log(`Press Ctrl-C to stop.`);
	const stop = () => {
		sim.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((err) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
