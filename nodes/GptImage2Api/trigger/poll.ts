import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { manualRun } from './manualRun';
import { scheduledPoll } from './scheduledPoll';
import { readSettings } from './settings';

export async function pollTrigger(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(ctx);
	return ctx.getMode() === 'manual' ? await manualRun(ctx, settings) : await scheduledPoll(ctx, settings);
}
