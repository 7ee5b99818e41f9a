import { sleep as n8nSleep } from 'n8n-workflow';

/** Waits `ms`, or less when the execution is cancelled (n8n's own timer helper; no raw timers). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0 || signal?.aborted) return;
	if (!signal) return await n8nSleep(ms);
	let onAbort: () => void = () => {};
	const aborted = new Promise<void>((resolve) => {
		onAbort = resolve;
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([n8nSleep(ms), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
