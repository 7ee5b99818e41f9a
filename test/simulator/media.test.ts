import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';
import { crc32 } from './crc32';
import { mp4Boxes } from './helpers';
import { encodeJpeg } from './jpeg';
import { IMAGE_HEIGHT, IMAGE_WIDTH, renderImage, renderPixels } from './media';
import { paddedMp4, sampleMp4 } from './mp4';
import { encodePng } from './png';
import { partsLength } from './body-writer';

describe('media encoders', () => {
	it('crc32 matches the published check value', () => {
		expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
	});

	it('PNG decodes losslessly with pngjs', () => {
		const rgb = renderPixels('seed');
		const png = PNG.sync.read(encodePng(IMAGE_WIDTH, IMAGE_HEIGHT, rgb));
		expect([png.width, png.height]).toEqual([IMAGE_WIDTH, IMAGE_HEIGHT]);
		const decodedRgb = Buffer.alloc(rgb.length);
		for (let i = 0; i < IMAGE_WIDTH * IMAGE_HEIGHT; i++) png.data.copy(decodedRgb, i * 3, i * 4, i * 4 + 3);
		expect(decodedRgb.equals(Buffer.from(rgb))).toBe(true);
	});

	it('baseline JPEG decodes with jpeg-js close to the source pixels', () => {
		const w = 37; // not a multiple of 8: exercises edge blocks
		const h = 21;
		const rgb = new Uint8Array(w * h * 3);
		for (let i = 0; i < w * h; i++) rgb.set([(i * 7) % 256, (i * 3) % 256, 128], i * 3);
		const buf = encodeJpeg(w, h, rgb);
		expect(buf.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
		expect(buf.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
		expect(buf.includes(Buffer.from([0xff, 0xc0]))).toBe(true); // SOF0 = baseline
		const decoded = jpeg.decode(buf, { useTArray: true });
		expect([decoded.width, decoded.height]).toEqual([w, h]);

		const smooth = renderPixels('smooth', 64, 48).map((_, i) => ((i % 192) + Math.floor(i / 192)) & 0xff);
		const out = jpeg.decode(encodeJpeg(64, 48, smooth), { useTArray: true });
		let maxErr = 0;
		for (let i = 0; i < 64 * 48; i++) for (let c = 0; c < 3; c++) maxErr = Math.max(maxErr, Math.abs(out.data[i * 4 + c] - smooth[i * 3 + c]));
		expect(maxErr).toBeLessThan(12);
	});

	it('result images differ per task and per index', () => {
		const a = renderImage('tsk_A', 0, 'png').bytes;
		const b = renderImage('tsk_B', 0, 'png').bytes;
		const a1 = renderImage('tsk_A', 1, 'png').bytes;
		expect(a.equals(b)).toBe(false);
		expect(a.equals(a1)).toBe(false);
		expect(renderImage('tsk_A', 0, 'jpeg').bytes.equals(renderImage('tsk_B', 0, 'jpeg').bytes)).toBe(false);
		expect(renderImage('tsk_A', 0, 'png').bytes.equals(a)).toBe(true); // deterministic
	});

	it('the MP4 fixture is a small H.264 file with ftyp, moov and mdat', () => {
		const mp4 = sampleMp4();
		expect(mp4.length).toBeLessThanOrEqual(50 * 1024);
		const types = mp4Boxes(mp4).map(([t]) => t);
		expect(types[0]).toBe('ftyp');
		expect(types).toEqual(expect.arrayContaining(['moov', 'mdat']));
		expect(mp4.includes(Buffer.from('avc1'))).toBe(true);
		expect(mp4.includes(Buffer.from('avcC'))).toBe(true);
	});

	it('a padded MP4 has the exact size and ends with one free box', () => {
		const total = 3 * 1024 * 1024 + 5;
		const { parts, length } = paddedMp4(total);
		expect(length).toBe(total);
		expect(partsLength(parts)).toBe(total);
		const buf = Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.alloc(p.zeros))));
		const boxes = mp4Boxes(buf);
		expect(boxes[boxes.length - 1]).toEqual(['free', total - sampleMp4().length]);
	});
});
