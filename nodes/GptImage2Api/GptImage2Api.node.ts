import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { gptImage2ApiCredentialTest } from './credentialTest';
import { generateSwitches, optionsField, taskFields } from './description/commonFields';
import { imageFields } from './description/imageFields';
import { operationFields, resourceField } from './description/operations';
import { videoFields } from './description/videoFields';

export class GptImage2Api implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GPT Image 2 API',
		name: 'gptImage2Api',
		icon: { light: 'file:gptImage2Api.svg', dark: 'file:gptImage2Api.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Generate images (GPT Image 2, Nano Banana) and videos (Kling, Sora 2, Hailuo, Veo 3.1, Wan, Seedance) as binary data',
		defaults: { name: 'GPT Image 2 API' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'gptImage2Api', required: true, testedBy: 'gptImage2ApiCredentialTest' }],
		requestDefaults: {
			baseURL: '={{ $credentials.baseUrl }}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
		properties: [
			resourceField,
			...operationFields,
			...imageFields,
			...videoFields,
			...taskFields,
			...generateSwitches,
			optionsField,
		],
	};

	methods = {
		credentialTest: { gptImage2ApiCredentialTest },
	};
}
