/** Faults that act before a request is handled, identical for both servers. */
import type { ServerResponse } from 'node:http';
import type { FaultAction } from './faults';
import { dropConnection, sendJson, sleep } from './http-util';

const DEFAULT_ERROR: Record<number, string> = {
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

/** Returns true when the fault already answered (or dropped) the request. */
export async function applyPreFault(res: ServerResponse, fault: FaultAction | undefined): Promise<boolean> {
	if (!fault) return false;
	if ('delayMs' in fault) {
		await sleep(fault.delayMs);
		return false;
	}
	if ('drop' in fault) {
		dropConnection(res);
		return true;
	}
	if ('status' in fault) {
		const headers: Record<string, string> = {};
		if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
		const body = fault.body !== undefined ? fault.body : { error: DEFAULT_ERROR[fault.status] ?? `HTTP ${fault.status}` };
		sendJson(res, { status: fault.status, body, headers });
		return true;
	}
	return false;
}
