/** Video results: the committed H.264 fixture, optionally padded to any size without buffering it. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BodyPart } from './body-writer';

// ts-jest runs from test/simulator, the compiled CLI from dist/test/simulator (fixtures aren't copied there).
const CANDIDATES = [
	path.join(__dirname, 'fixtures', 'sample.mp4'),
	path.resolve(__dirname, '..', '..', '..', 'test', 'simulator', 'fixtures', 'sample.mp4'),
	path.resolve(process.cwd(), 'test', 'simulator', 'fixtures', 'sample.mp4'),
];

let cached: Buffer | undefined;

export function sampleMp4(): Buffer {
	if (!cached) {
		const file = CANDIDATES.find((p) => existsSync(p));
		if (!file) throw new Error(`sample.mp4 fixture not found (looked in ${CANDIDATES.join(', ')})`);
		cached = readFileSync(file);
	}
	return cached;
}

/** A `free` box header covering `size` bytes including itself; 64-bit form past 4 GiB. */
function freeBoxHeader(size: number): Buffer {
	if (size <= 0xffffffff) {
		const h = Buffer.alloc(8);
		h.writeUInt32BE(size, 0);
		h.write('free', 4, 'ascii');
		return h;
	}
	const h = Buffer.alloc(16);
	h.writeUInt32BE(1, 0);
	h.write('free', 4, 'ascii');
	h.writeBigUInt64BE(BigInt(size), 8);
	return h;
}

/**
 * An MP4 of exactly `totalBytes`: the fixture's boxes, then one trailing `free`
 * box that players skip. Returned as parts so the zeros are never materialised.
 */
export function paddedMp4(totalBytes: number): { parts: BodyPart[]; length: number } {
	const base = sampleMp4();
	const padding = totalBytes - base.length;
	if (padding <= 0) return { parts: [base], length: base.length };
	if (padding < 8) throw new Error(`cannot pad an MP4 by ${padding} bytes`);
	const header = freeBoxHeader(padding);
	const zeros = padding - header.length;
	if (zeros < 0) throw new Error(`cannot pad an MP4 by ${padding} bytes`);
	return { parts: [base, header, { zeros }], length: totalBytes };
}
