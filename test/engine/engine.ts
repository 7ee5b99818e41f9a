import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IBinaryData,
	INodeExecutionData,
	IPinData,
	INodeType,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { TestCredentialsHelper } from './credentials-helper';
import { TestNodeTypes, loadBaseNodes, loadPackage } from './node-types';

export type BinaryMode = 'memory' | 'filesystem';

export interface Engine {
	nodeTypes: TestNodeTypes;
	credentialTypes: Map<string, ICredentialType>;
	nodes: INodeType[];
	credentialsHelper: TestCredentialsHelper;
	binaryMode: BinaryMode;
}

let engine: Engine | undefined;
let executionCounter = 0;

/**
 * Boots the parts of n8n that a workflow run needs, once per test file: our built package's
 * nodes and credentials, and n8n's binary data service — in memory (n8n's `default` mode) or
 * on disk (`filesystem`), chosen by GPTIMAGE2_TEST_BINARY_MODE or the argument.
 */
export async function getEngine(binaryMode?: BinaryMode): Promise<Engine> {
	const mode = binaryMode ?? (process.env.GPTIMAGE2_TEST_BINARY_MODE as BinaryMode) ?? 'memory';
	if (engine && engine.binaryMode === mode) return engine;
	process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-gptimage2-'));
	// A fixed key for this throwaway n8n folder: nothing is encrypted with it, and n8n stays quiet.
	process.env.N8N_ENCRYPTION_KEY ??= 'gptimage2-test-bed';

	const config = Container.get(BinaryDataConfig);
	const service = Container.get(BinaryDataService);
	if (mode === 'filesystem') {
		config.mode = 'filesystem';
		config.localStoragePath = mkdtempSync(path.join(tmpdir(), 'n8n-binary-'));
		await service.init();
	} else {
		// No manager registered: n8n keeps binary data inline as base64, its `default` mode.
		(service as unknown as { managers: Record<string, unknown> }).managers = {};
	}

	const { nodes, credentials } = loadPackage();
	const credentialTypes = new Map(credentials.map((type) => [type.name, type]));
	engine = {
		nodeTypes: new TestNodeTypes(nodes),
		credentialTypes,
		nodes,
		credentialsHelper: new TestCredentialsHelper(credentialTypes),
		binaryMode: mode,
	};
	return engine;
}

/**
 * Makes some of n8n's own nodes (and credential types) from `n8n-nodes-base` known to the engine,
 * by class name: see loadBaseNodes. Used by the benchmark to run the loops users build today.
 */
export async function useBaseNodes(classNames: string[], binaryMode?: BinaryMode): Promise<Engine> {
	const eng = await getEngine(binaryMode);
	const { nodes, credentials } = loadBaseNodes(classNames);
	for (const [typeName, node] of nodes) eng.nodeTypes.add(typeName, node);
	for (const type of credentials) eng.credentialTypes.set(type.name, type);
	return eng;
}

export interface RunOptions {
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	mode?: WorkflowExecuteMode;
	binaryMode?: BinaryMode;
	/** Name of the node the run starts from; default: the first node nothing connects into. */
	startNode?: string;
	/** Pinned output per node name, as the editor's pinned data (e.g. a Manual Trigger's items). */
	pinData?: IPinData;
}

export interface RunResult {
	run: IRun;
	executionId: string;
	/** Items a node put on its first main output (last run of that node). */
	output(nodeName: string): INodeExecutionData[];
	/** The error the run stopped with, if any (n8n stores it on resultData). */
	error: IRun['data']['resultData']['error'];
	binaryBuffer(binary: IBinaryData): Promise<Buffer>;
}

export function additionalDataFor(
	eng: Engine,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: eng.credentialsHelper,
		hooks,
		executionId,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		userId: 'test-user',
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in the test engine');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in the test engine');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Runs workflow JSON (as n8n stores it) through n8n's WorkflowExecute. */
export async function runWorkflow(workflowJson: IWorkflowBase | object, options: RunOptions = {}): Promise<RunResult> {
	const eng = await getEngine(options.binaryMode);
	eng.credentialsHelper.setCredentials(options.credentials ?? {});
	const data = workflowJson as IWorkflowBase;
	const workflow = new Workflow({
		id: data.id ?? 'test-workflow',
		name: data.name ?? 'Test workflow',
		nodes: data.nodes,
		connections: data.connections,
		nodeTypes: eng.nodeTypes,
		staticData: data.staticData,
		settings: data.settings,
		active: false,
	});

	const executionId = `test-${++executionCounter}`;
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		...data,
		id: workflow.id,
	} as IWorkflowBase);
	let resolveFinished!: (run: IRun) => void;
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveFinished(fullRunData));

	const additionalData = additionalDataFor(eng, hooks, executionId);
	const startNode = options.startNode
		? workflow.getNode(options.startNode)
		: data.nodes.find((node) => !Object.values(data.connections).some((outputs) =>
				Object.values(outputs).some((conns) => conns?.some((list) => list?.some((c) => c.node === node.name))),
			));
	if (!startNode) throw new Error('The workflow has no start node');

	const workflowExecute = new WorkflowExecute(additionalData, mode);
	await workflowExecute.run({ workflow, startNode, pinData: options.pinData });
	const run = await finished;

	return {
		run,
		executionId,
		error: run.data.resultData.error,
		output(nodeName: string) {
			const runs = run.data.resultData.runData[nodeName];
			if (!runs?.length) throw new Error(`Node "${nodeName}" did not run`);
			return runs[runs.length - 1].data?.main?.[0] ?? [];
		},
		binaryBuffer: async (binary: IBinaryData) => await Container.get(BinaryDataService).getAsBuffer(binary),
	};
}
