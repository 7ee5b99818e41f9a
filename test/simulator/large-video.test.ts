import * as http from 'node:http';
import { mp4Boxes, pollUntilDone, submitVideo } from './helpers';
import { sampleMp4 } from './mp4';
import { startSimulator } from './server';
import type { SimulatorHandle } from './types';

const MIB = 1024 * 1024;
let sim: SimulatorHandle;

beforeAll(async () => {
	sim = await startSimulator({ latencyMs: 0, largeVideoMb: 200 });
});
afterAll(() => sim.close());

async function videoUrl(): Promise<string> {
	const sub = await submitVideo(sim, { model: 'veo3_lite', prompt: 'p', inputMode: 'text_to_video' });
	return (await pollUntilDone(sim, sub.body.taskId)).body.videoUrl;
}

describe('large video', () => {
	it('streams 200 MiB with the right Content-Length and bounded memory', async () => {
		const url = await videoUrl();
		// node:http rather than fetch: undici's first large download alone grows RSS by ~40 MiB,
		// which would drown the simulator's own footprint that this test is about.
		const rssBefore = process.memoryUsage().rss;
		let peak = rssBefore;
		const fixture = sampleMp4();
		const { headers, total, head } = await new Promise<{ headers: http.IncomingHttpHeaders; total: number; head: Buffer }>(
			(resolve, reject) => {
				http.get(url, (res) => {
					const kept: Buffer[] = [];
					let keptLen = 0;
					let total = 0;
					let chunks = 0;
					res.on('data', (c: Buffer) => {
						total += c.length;
						if (keptLen < fixture.length + 8) {
							kept.push(c);
							keptLen += c.length;
						}
						if (++chunks % 64 === 0) peak = Math.max(peak, process.memoryUsage().rss);
					});
					res.on('end', () => resolve({ headers: res.headers, total, head: Buffer.concat(kept) }));
					res.on('error', reject);
				}).on('error', reject);
			},
		);
		expect(headers['content-type']).toBe('video/mp4');
		expect(Number(headers['content-length'])).toBe(200 * MIB);
		expect(total).toBe(200 * MIB);
		expect(peak - rssBefore).toBeLessThan(50 * MIB);

		expect(head.subarray(0, fixture.length).equals(fixture)).toBe(true);
		expect(head.toString('latin1', fixture.length + 4, fixture.length + 8)).toBe('free');
		expect(head.readUInt32BE(fixture.length)).toBe(200 * MIB - fixture.length);
	});

	it('fetch sees the announced length of a large video', async () => {
		const res = await fetch(await videoUrl(), { method: 'HEAD' });
		expect(res.status).toBe(200);
		expect(Number(res.headers.get('content-length'))).toBe(200 * MIB);
	});

	it('a client that hangs up mid-stream does not wedge the server', async () => {
		const url = await videoUrl();
		const ac = new AbortController();
		const res = await fetch(url, { signal: ac.signal });
		const reader = res.body!.getReader();
		await reader.read();
		ac.abort();
		sim.setLargeVideoMb(undefined);
		const small = await fetch(url);
		const bytes = Buffer.from(await small.arrayBuffer());
		expect(mp4Boxes(bytes).map(([t]) => t)).toEqual(expect.arrayContaining(['ftyp', 'moov', 'mdat']));
		expect(bytes.length).toBe(sampleMp4().length);
	});
});
