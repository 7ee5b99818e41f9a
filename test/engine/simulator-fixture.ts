import type { INodeParameters } from 'n8n-workflow';

import { startSimulator } from '../simulator';
import type { SimulatorHandle, SimulatorSettings } from '../simulator';
import { runWorkflow } from './engine';
import { nodeWorkflow, simCredentials } from './workflows';

const DEFAULTS: Partial<SimulatorSettings> = { latencyMs: 300, outcome: undefined, snapshotShape: 'reference', imageCount: 1 };

/**
 * One simulator per test file, reset before each test, plus `runNode`: runs Test Items → our
 * node through the engine with a credential pointing at that simulator.
 */
export function useSimulator(settings: Partial<SimulatorSettings> = {}, afterReset?: (sim: SimulatorHandle) => void) {
	const reset = { ...DEFAULTS, ...settings };
	const fixture = {
		sim: undefined as unknown as SimulatorHandle,
		async runNode(parameters: Record<string, unknown>, items: object[] = [{}], continueOnFail = false) {
			return await runWorkflow(nodeWorkflow(parameters as INodeParameters, items, { continueOnFail }), {
				credentials: simCredentials(fixture.sim.baseUrl, fixture.sim.defaultKey),
			});
		},
	};
	beforeAll(async () => {
		fixture.sim = await startSimulator(reset);
	});
	afterAll(async () => await fixture.sim.close());
	beforeEach(() => {
		fixture.sim.clearLog();
		fixture.sim.faults.clear();
		fixture.sim.configure(reset);
		afterReset?.(fixture.sim);
	});
	return fixture;
}
