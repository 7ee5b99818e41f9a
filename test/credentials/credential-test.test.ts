import { createServer } from 'node:net';

import { testCredential } from '../engine/credential-test';
import { startSimulator } from '../simulator';
import type { SimulatorHandle } from '../simulator';

let sim: SimulatorHandle;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('GPT Image 2 API credential test (n8n credential-test path)', () => {
	test('a valid key passes: the API answered 404 for the probe task, so it accepted the key', async () => {
		const result = await testCredential('gptImage2Api', { apiKey: sim.defaultKey, baseUrl: sim.baseUrl });
		expect(result).toEqual({ status: 'OK', message: expect.stringContaining('accepted') });
		const probe = sim.requestsTo('api', 'GET', '/api/ai/tasks/');
		expect(probe.at(-1)?.hadAuthorization).toBe(true);
	});

	test('an invalid key fails with a clear message that does not echo the key', async () => {
		const badKey = 'sk_live_definitely_not_valid_123';
		const result = await testCredential('gptImage2Api', { apiKey: badKey, baseUrl: sim.baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/rejected \(401/);
		expect(result.message).not.toContain(badKey);
	});

	test('an unreachable host fails and names the host, not the key', async () => {
		const baseUrl = `http://127.0.0.1:${await closedPort()}`;
		const result = await testCredential('gptImage2Api', { apiKey: sim.defaultKey, baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`Could not reach ${baseUrl}`);
		expect(result.message).not.toContain(sim.defaultKey);
	});

	test('plain http to a non-loopback host is refused before any request carries the key', async () => {
		sim.clearLog();
		const result = await testCredential('gptImage2Api', { apiKey: sim.defaultKey, baseUrl: 'http://api.example.com' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/must use https/);
		expect(sim.requests).toHaveLength(0);
	});

	test('any other answer is reported as it is', async () => {
		sim.faults.add({ server: 'api', method: 'GET', path: /^\/api\/ai\/tasks\//, action: { status: 503 } });
		const result = await testCredential('gptImage2Api', { apiKey: sim.defaultKey, baseUrl: sim.baseUrl });
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('HTTP 503') });
	});
});
