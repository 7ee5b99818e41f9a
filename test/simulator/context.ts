/** State shared by the API and file servers of one simulator instance. */
import type { Accounts } from './accounts';
import type { FaultQueue } from './faults';
import type { RequestLog } from './request-log';
import type { TaskStore } from './tasks';
import type { SimulatorSettings } from './types';

export interface SimContext {
	settings: SimulatorSettings;
	accounts: Accounts;
	tasks: TaskStore;
	faults: FaultQueue;
	log: RequestLog;
	/** Known once the file server listens. */
	fileUrl: string;
	acceptedCount: number;
}
