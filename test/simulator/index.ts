/** Public surface of the GPT Image 2 API simulator. */
export { startSimulator, DEFAULT_KEY, DEFAULT_CREDITS } from './server';
export type {
	OutcomeHook,
	OutcomeRequest,
	SimulatorHandle,
	SimulatorOptions,
	SimulatorSettings,
	TaskInfo,
	TaskOutcome,
} from './types';
export type { FaultAction, FaultSpec, ServerName } from './faults';
export type { LoggedRequest } from './request-log';
export type { Charge, Ledger } from './accounts';
export type { SnapshotShape } from './snapshot';
export type { TaskFailure, TaskStatus } from './tasks';
export {
	IMAGE_MODELS,
	VIDEO_MODELS,
	IMAGE_ASPECT_RATIOS,
	VIDEO_ASPECT_RATIOS,
	DEFAULT_VIDEO_RESOLUTION,
} from './price-table';
export type { ImageModelSpec, VideoModelSpec, ModelSpec } from './price-table';
