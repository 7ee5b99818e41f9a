import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class GptImage2Api implements ICredentialType {
	name = 'gptImage2Api';

	displayName = 'GPT Image 2 API';

	documentationUrl = 'https://gptimage2api.org/docs';

	icon: Icon = {
		light: 'file:../nodes/GptImage2Api/gptImage2Api.svg',
		dark: 'file:../nodes/GptImage2Api/gptImage2Api.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'sk_live_…',
			description: 'Your key from the GPT Image 2 API dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://gptimage2api.org',
			hint: 'Leave as is for the hosted API. Any other host must use https://, except a local server on localhost / 127.0.0.1.',
		},
	];

	// The key travels only in this header, and only to the Base URL: result files are fetched without it.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};
}
