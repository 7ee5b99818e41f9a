import { CredentialTestContext } from 'n8n-core';
import type { ICredentialTestFunction, ICredentialsDecrypted, INodeCredentialTestResult, INodeType } from 'n8n-workflow';

import { getEngine } from './engine';

/**
 * n8n's credential-test path (the CLI's CredentialsTester): a credential without its own `test`
 * is tested by the function a node names in `testedBy`, called with a CredentialTestContext.
 */
export async function testCredential(type: string, data: Record<string, string>): Promise<INodeCredentialTestResult> {
	const engine = await getEngine();
	const credentialType = engine.credentialTypes.get(type);
	if (!credentialType) throw new Error(`Unknown credential type ${type}`);
	if (credentialType.test) throw new Error('This harness covers node-level credential tests only');
	let testFunction: ICredentialTestFunction | undefined;
	for (const node of engine.nodes as INodeType[]) {
		const entry = node.description.credentials?.find((c) => c.name === type && typeof c.testedBy === 'string');
		const fn = entry && node.methods?.credentialTest?.[entry.testedBy as string];
		if (fn) testFunction = fn;
	}
	if (!testFunction) return { status: 'Error', message: 'No testing function found for this credential.' };
	const credential: ICredentialsDecrypted = { id: 'cred-test', name: 'Test credential', type, data };
	return await testFunction.call(new CredentialTestContext(), credential);
}
