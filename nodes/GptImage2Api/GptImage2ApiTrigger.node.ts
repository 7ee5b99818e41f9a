import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { gptImage2ApiCredentialTest } from './credentialTest';
import { triggerProperties } from './description/triggerFields';
import { pollTrigger } from './trigger/poll';

export class GptImage2ApiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GPT Image 2 API Trigger',
		name: 'gptImage2ApiTrigger',
		icon: { light: 'file:gptImage2Api.svg', dark: 'file:gptImage2Api.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["source"] === "taskIds" ? "Watch task IDs" : "New " + $parameter["resource"] + " each poll" }}',
		description:
			'Starts the workflow when GPT Image 2 API tasks finish: a new image or video generated on each poll, or tasks watched by ID',
		defaults: { name: 'GPT Image 2 API Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'gptImage2Api', required: true, testedBy: 'gptImage2ApiCredentialTest' }],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: { gptImage2ApiCredentialTest },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger(this);
	}
}
