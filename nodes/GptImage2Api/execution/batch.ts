import { sleep } from 'n8n-workflow';

import { Limiter } from './limiter';

/** What one item found when it checked its input, before anything was sent. */
export type Arrival = { itemIndex: number; ok: true; estimatedCredits: number } | { itemIndex: number; ok: false };

/** Where one item's task ended up, for the other items' error messages. */
export interface TaskReport {
	itemIndex: number;
	taskId?: string;
	state: string;
}

export interface BatchOutcome {
	/** False when another item's bad input (or a missing item) means nothing may be sent. */
	proceed: boolean;
	/** Sum of the estimates of the items that passed, and the first of them. */
	totalEstimatedCredits: number;
	firstValidItem: number | undefined;
}

/**
 * Everything the items of one node run share. n8n's routing runs every item at once; this lets
 * them first agree that all inputs are valid — so a bad item 7 stops items 0–6 from being
 * charged — and then share one request limiter.
 */
export class ExecutionBatch {
	readonly limiter: Limiter;

	private readonly arrivals = new Map<number, Arrival>();

	private outcome?: Promise<BatchOutcome>;

	private readonly reports = new Map<number, Promise<TaskReport>>();

	constructor(
		private readonly expectedItems: number,
		private readonly continueOnFail: boolean,
		concurrency: number,
	) {
		this.limiter = new Limiter(concurrency);
	}

	/**
	 * Called synchronously by each item as n8n's routing loop starts it; the outcome is decided
	 * once that loop has finished (the next macrotask), when every item that will come has come.
	 */
	async arrive(arrival: Arrival): Promise<BatchOutcome> {
		this.arrivals.set(arrival.itemIndex, arrival);
		this.outcome ??= sleep(0).then(() => this.decide());
		return await this.outcome;
	}

	/**
	 * Registers an item that goes on to submit or wait; it must call the returned function once
	 * its task has settled — before it waits for the others, so two failing items never wait on
	 * each other.
	 */
	track(itemIndex: number): (report: TaskReport) => void {
		let settle!: (report: TaskReport) => void;
		this.reports.set(itemIndex, new Promise((resolve) => (settle = resolve)));
		return settle;
	}

	/** The tasks of all other tracked items, once they have settled. */
	async othersSettled(itemIndex: number): Promise<TaskReport[]> {
		const others = [...this.reports].filter(([index]) => index !== itemIndex).map(async ([, report]) => await report);
		return (await Promise.all(others)).filter((report) => report.taskId).sort((a, b) => a.itemIndex - b.itemIndex);
	}

	private decide(): BatchOutcome {
		const arrivals = [...this.arrivals.values()].sort((a, b) => a.itemIndex - b.itemIndex);
		const valid = arrivals.filter((a): a is Extract<Arrival, { ok: true }> => a.ok);
		const complete = arrivals.length === this.expectedItems && valid.length === arrivals.length;
		return {
			proceed: this.continueOnFail || complete,
			totalEstimatedCredits: valid.reduce((sum, a) => sum + a.estimatedCredits, 0),
			firstValidItem: valid[0]?.itemIndex,
		};
	}
}

// Keyed by n8n's execute-data object, which all items of one node run share: the batch lives
// exactly as long as that run, and nothing is kept in module state across runs.
const batches = new WeakMap<object, ExecutionBatch>();

export function joinBatch(runKey: object, create: () => ExecutionBatch): ExecutionBatch {
	let batch = batches.get(runKey);
	if (!batch) {
		batch = create();
		batches.set(runKey, batch);
	}
	return batch;
}
