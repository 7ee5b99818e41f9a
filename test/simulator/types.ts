/** Public option and handle types of the simulator. */
import type { Ledger } from './accounts';
import type { FaultSpec, ServerName } from './faults';
import type { LoggedRequest } from './request-log';
import type { SnapshotShape } from './snapshot';
import type { Task, TaskFailure } from './tasks';

export interface OutcomeRequest {
	body: Record<string, unknown>;
	model: string;
	type: 'image' | 'video';
	/** 1-based count of tasks accepted by this simulator (rejected submits don't count). */
	seq: number;
	accountKey: string;
}

export interface TaskOutcome {
	latencyMs: number;
	fail: TaskFailure;
	neverFinish: boolean;
	imageCount: number;
}

export type OutcomeHook = (req: OutcomeRequest) => Partial<TaskOutcome> | undefined | void;

/** Behaviour that can be changed while running (handle.configure). */
export interface SimulatorSettings {
	/** Default task latency; default 300. */
	latencyMs: number;
	latencyByModel: Record<string, number>;
	outcome: OutcomeHook | undefined;
	/** Default 'reference'. */
	snapshotShape: SnapshotShape;
	/** Images per image task unless the hook says otherwise; default 1. */
	imageCount: number;
	/** When set, video results are streamed MP4s of this many MiB. */
	largeVideoMb: number | undefined;
	/** Throttle for the file server. */
	slowFilesBytesPerSec: number | undefined;
}

export interface SimulatorOptions extends Partial<SimulatorSettings> {
	/** Default: one account, DEFAULT_KEY with 100000 credits. */
	accounts?: Array<{ key: string; credits: number }>;
	/** 0 (default) picks a free port. */
	port?: number;
	filesPort?: number;
}

/** Read-only view of a task, for assertions. */
export type TaskInfo = Readonly<Omit<Task, 'body'>> & { body: unknown };

export interface SimulatorHandle {
	/** e.g. http://127.0.0.1:41234 — the API base URL, no trailing slash. */
	readonly baseUrl: string;
	/** The file (CDN) server, a different port. */
	readonly fileUrl: string;
	/** First configured account's key. */
	readonly defaultKey: string;
	/** Live log of every request to either server. */
	readonly requests: LoggedRequest[];
	requestsTo(server: ServerName, method?: string, pathPrefix?: string): LoggedRequest[];
	clearLog(): void;
	/** True if the key showed up in any header or URL the file server received. */
	fileServerSawKey(key: string): boolean;

	ledger(key: string): Ledger;
	setBalance(key: string, credits: number): void;
	addAccount(key: string, credits: number): void;

	tasks(): TaskInfo[];
	/** Ends a pending task now (success unless `fail` given); refunds on failure. */
	settleTask(taskId: string, outcome?: { fail?: TaskFailure }): TaskInfo;

	faults: {
		add(spec: FaultSpec): void;
		clear(): void;
		pending(): Array<FaultSpec & { remaining: number }>;
	};

	readonly settings: Readonly<SimulatorSettings>;
	configure(patch: Partial<SimulatorSettings>): void;
	setSnapshotShape(shape: SnapshotShape): void;
	setLargeVideoMb(mb: number | undefined): void;

	close(): Promise<void>;
}
