import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, PollContext, PollTriggerExecutor } from 'n8n-core';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	IWorkflowBase,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { AsyncLocalStorage } from 'node:async_hooks';

import type { Engine, RunResult } from './engine';
import { additionalDataFor, getEngine, runWorkflow } from './engine';
import { nodeTypeName } from './node-types';
import { CREDENTIAL_TYPE } from './workflows';

export const TRIGGER_NAME = 'GPT Image 2 API Trigger';

/** Workflow JSON as n8n stores it: the trigger alone, with a credential reference. */
export function triggerWorkflow(parameters: INodeParameters | object, staticData?: IDataObject): IWorkflowBase {
	return {
		id: 'wf-trigger',
		name: 'GPT Image 2 API Trigger test',
		active: true,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER_NAME,
				type: nodeTypeName('gptImage2ApiTrigger'),
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
				credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'GPT Image 2 API account' } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		staticData,
	} as unknown as IWorkflowBase;
}

export interface PollOutcome {
	/** What the poll handed to n8n to start an execution with; null when it emitted nothing. */
	items: INodeExecutionData[] | null;
	/** What n8n would route to the error workflow (the poll threw). */
	error: Error | undefined;
	startedAt: number;
	durationMs: number;
}

export interface LogLine {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
}

let activationCounter = 0;

/**
 * An active polling trigger, run through n8n-core's own poll path: a PollContext built the way
 * the CLI builds it for an activated workflow (mode "trigger"), polled by n8n's
 * PollTriggerExecutor, which calls `poll()` through TriggersAndPollers and hands the result to
 * `__emit` (or a throw to `__emitError`). The Workflow object — and so its static data — lives
 * across polls as in a running n8n. Like the CLI, static data is "persisted" (JSON) when a poll
 * emits; `restart()` builds a new Workflow from that JSON, as n8n does after a restart.
 */
export class PollHarness {
	workflow!: Workflow;
	/** The static data as n8n last saved it (at the last emitting poll), as JSON. */
	saved: IDataObject | undefined;
	readonly outcomes: PollOutcome[] = [];
	readonly logs: LogLine[] = [];

	private executePoll!: (testingTrigger?: boolean) => Promise<void>;
	/** Each poll's own slot for what it emits, so overlapping polls can be told apart. */
	private readonly slots = new AsyncLocalStorage<{ items: INodeExecutionData[] | null; error?: Error }>();

	private constructor(
		private readonly engine: Engine,
		private data: IWorkflowBase,
		private readonly credentials: Record<string, ICredentialDataDecryptedObject>,
	) {
		this.activate(data.staticData as IDataObject | undefined);
	}

	static async create(
		parameters: INodeParameters | object,
		credentials: Record<string, ICredentialDataDecryptedObject>,
		staticData?: IDataObject,
	): Promise<PollHarness> {
		return new PollHarness(await getEngine(), triggerWorkflow(parameters, staticData), credentials);
	}

	private activate(staticData: IDataObject | undefined) {
		const data = this.data;
		this.workflow = new Workflow({
			id: data.id,
			name: data.name,
			nodes: data.nodes,
			connections: data.connections,
			nodeTypes: this.engine.nodeTypes,
			staticData: staticData ? (JSON.parse(JSON.stringify(staticData)) as IDataObject) : undefined,
			settings: data.settings,
			active: true,
		});
		const node = this.workflow.getNode(TRIGGER_NAME);
		if (!node) throw new Error('trigger node missing');
		const executionId = `poll-activation-${++activationCounter}`;
		const hooks = new ExecutionLifecycleHooks('trigger', executionId, data);
		const additionalData = additionalDataFor(this.engine, hooks, executionId);
		const pollFunctions = new PollContext(
			this.workflow,
			node,
			additionalData,
			'trigger',
			'activate',
			(emitted) => {
				this.persist();
				this.slots.getStore()!.items = emitted[0] ?? [];
			},
			(error) => {
				this.slots.getStore()!.error = error;
			},
		);
		// The poll's logger, captured so tests can read what the trigger reported.
		const logs = this.logs;
		const capture = (level: LogLine['level']) => (message: string) => void logs.push({ level, message });
		Object.defineProperty(pollFunctions, 'logger', {
			value: { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') },
		});
		this.executePoll = Container.get(PollTriggerExecutor).create(this.workflow, node, pollFunctions, () => true);
	}

	/** What n8n's WorkflowStaticDataService.saveStaticData does when an execution is started. */
	private persist() {
		const staticData = this.workflow.staticData;
		if (staticData.__dataChanged !== true) return;
		this.saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		staticData.__dataChanged = false;
	}

	/** One scheduled poll (mode "trigger"). */
	async poll(): Promise<PollOutcome> {
		this.engine.credentialsHelper.setCredentials(this.credentials);
		const slot: { items: INodeExecutionData[] | null; error?: Error } = { items: null };
		const startedAt = Date.now();
		await this.slots.run(slot, async () => await this.executePoll());
		const outcome: PollOutcome = { items: slot.items, error: slot.error, startedAt, durationMs: Date.now() - startedAt };
		this.outcomes.push(outcome);
		return outcome;
	}

	/**
	 * n8n restarts: a NEW Workflow from the static data as JSON — by default what n8n last saved
	 * (`'saved'`), or everything in memory now (`'live'`, as after a save of the latest state).
	 */
	restart(from: 'saved' | 'live' = 'saved') {
		const staticData = from === 'saved' ? this.saved : (JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject);
		this.activate(staticData);
	}

	/** The user edits the node: same static data, new parameters (n8n keeps static data on save). */
	update(parameters: INodeParameters | object) {
		const staticData = JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
		this.data = triggerWorkflow(parameters);
		this.activate(staticData);
	}

	/** The trigger's own static data (live). */
	nodeStaticData(): IDataObject {
		return (this.workflow.staticData[`node:${TRIGGER_NAME}`] ?? {}) as IDataObject;
	}

	/** Every item emitted so far, in order. */
	emitted(): INodeExecutionData[] {
		return this.outcomes.flatMap((outcome) => outcome.items ?? []);
	}

	async binaryBuffer(binary: IBinaryData): Promise<Buffer> {
		return await Container.get(BinaryDataService).getAsBuffer(binary);
	}
}

/**
 * "Fetch Test Event": the editor runs the workflow manually from the trigger, and n8n-core's
 * WorkflowExecute calls poll() with a PollContext in mode "manual".
 */
export async function fetchTestEvent(
	parameters: INodeParameters | object,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	staticData?: IDataObject,
): Promise<RunResult & { items: () => INodeExecutionData[] }> {
	const result = await runWorkflow(triggerWorkflow(parameters, staticData), { credentials, mode: 'manual', startNode: TRIGGER_NAME });
	return { ...result, items: () => result.output(TRIGGER_NAME) };
}
