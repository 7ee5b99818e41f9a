import type { IExecuteSingleFunctions, IPollFunctions } from 'n8n-workflow';

/** The n8n contexts that run tasks: the action node (per item) and the trigger (per poll). */
export type TaskContext = IExecuteSingleFunctions | IPollFunctions;

export const CREDENTIAL_TYPE = 'gptImage2Api';
export const DEFAULT_BASE_URL = 'https://gptimage2api.org';
