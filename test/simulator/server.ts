/** Wires one simulator instance: shared state, the API server, the file server, and the test handle. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Accounts } from './accounts';
import { createApiServer } from './api-server';
import type { SimContext } from './context';
import { createFileServer } from './file-server';
import { FaultQueue } from './faults';
import { RequestLog } from './request-log';
import { Task, TaskStore } from './tasks';
import type { SimulatorHandle, SimulatorOptions, SimulatorSettings, TaskInfo } from './types';

export const DEFAULT_KEY = 'sk_test_simulator_0001';
export const DEFAULT_CREDITS = 100000;
const HOST = '127.0.0.1';

function listen(server: Server, port: number): Promise<string> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, HOST, () => {
			server.off('error', reject);
			resolve(`http://${HOST}:${(server.address() as AddressInfo).port}`);
		});
	});
}

function close(server: Server): Promise<void> {
	return new Promise((resolve) => {
		if (!server.listening) return resolve();
		server.close(() => resolve());
		// Keep-alive and mid-stream sockets would otherwise hold close() (and jest) open.
		server.closeAllConnections();
	});
}

function info(task: Task): TaskInfo {
	return { ...task };
}

function settingsFrom(o: SimulatorOptions): SimulatorSettings {
	return {
		latencyMs: o.latencyMs ?? 300,
		latencyByModel: { ...(o.latencyByModel ?? {}) },
		outcome: o.outcome,
		snapshotShape: o.snapshotShape ?? 'reference',
		imageCount: o.imageCount ?? 1,
		largeVideoMb: o.largeVideoMb,
		slowFilesBytesPerSec: o.slowFilesBytesPerSec,
	};
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
	const accounts = new Accounts();
	const accountList = options.accounts ?? [{ key: DEFAULT_KEY, credits: DEFAULT_CREDITS }];
	for (const a of accountList) accounts.add(a.key, a.credits);
	const ctx: SimContext = {
		settings: settingsFrom(options),
		accounts,
		tasks: new TaskStore((t) => accounts.refund(t.accountKey, t.id)),
		faults: new FaultQueue(),
		log: new RequestLog(),
		fileUrl: '',
		acceptedCount: 0,
	};

	const api = createApiServer(ctx);
	const files = createFileServer(ctx);
	ctx.fileUrl = await listen(files, options.filesPort ?? 0);
	let baseUrl: string;
	try {
		baseUrl = await listen(api, options.port ?? 0);
	} catch (err) {
		await close(files);
		throw err;
	}

	return {
		baseUrl,
		fileUrl: ctx.fileUrl,
		defaultKey: accountList[0]?.key ?? DEFAULT_KEY,
		requests: ctx.log.entries,
		requestsTo: (server, method, pathPrefix) => ctx.log.requestsTo(server, method, pathPrefix),
		clearLog: () => ctx.log.clear(),
		fileServerSawKey: (key) => ctx.log.saw('files', key),

		ledger: (key) => {
			ctx.tasks.settleDue(); // refunds of tasks that failed since the last read
			return accounts.snapshot(key);
		},
		setBalance: (key, credits) => accounts.setBalance(key, credits),
		addAccount: (key, credits) => accounts.add(key, credits),

		tasks: () => ctx.tasks.all().map(info),
		settleTask: (taskId, outcome) => info(ctx.tasks.settleNow(taskId, outcome)),

		faults: {
			add: (spec) => ctx.faults.add(spec),
			clear: () => ctx.faults.clear(),
			pending: () => ctx.faults.pending(),
		},

		get settings() {
			return ctx.settings;
		},
		configure: (patch) => {
			ctx.settings = { ...ctx.settings, ...patch };
		},
		setSnapshotShape: (shape) => {
			ctx.settings.snapshotShape = shape;
		},
		setLargeVideoMb: (mb) => {
			ctx.settings.largeVideoMb = mb;
		},

		close: async () => {
			await Promise.all([close(api), close(files)]);
		},
	};
}
