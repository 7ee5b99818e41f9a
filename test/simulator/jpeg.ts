/**
 * Minimal baseline (SOF0) JPEG encoder, YCbCr 4:4:4. Huffman tables are not the
 * Annex K ones: every symbol gets one fixed code length, which any conforming
 * decoder accepts and which keeps the encoder short and obviously correct.
 */

const ZIGZAG: number[] = (() => {
	const order: number[] = [];
	for (let s = 0; s <= 14; s++) {
		const rows: number[] = [];
		for (let r = Math.min(s, 7); r >= Math.max(0, s - 7); r--) rows.push(r);
		if (s % 2 === 1) rows.reverse();
		for (const r of rows) order.push(r * 8 + (s - r));
	}
	return order;
})();

/** Natural order; gentle so gradients survive visibly. */
const QUANT: number[] = Array.from({ length: 64 }, (_, i) => 2 + (i >> 3) + (i & 7));

const COS: number[][] = Array.from({ length: 8 }, (_, x) =>
	Array.from({ length: 8 }, (_, u) => Math.cos(((2 * x + 1) * u * Math.PI) / 16)),
);

interface HuffTable {
	counts: number[]; // codes per length 1..16
	symbols: number[];
	code: Map<number, { bits: number; len: number }>;
}

function fixedLengthTable(symbols: number[], len: number): HuffTable {
	const counts = new Array<number>(16).fill(0);
	counts[len - 1] = symbols.length;
	const code = new Map<number, { bits: number; len: number }>();
	symbols.forEach((s, i) => code.set(s, { bits: i, len }));
	return { counts, symbols, code };
}

const DC_TABLE = fixedLengthTable(Array.from({ length: 12 }, (_, i) => i), 4);
const AC_SYMBOLS = [0x00, 0xf0];
for (let run = 0; run < 16; run++) for (let size = 1; size <= 10; size++) AC_SYMBOLS.push((run << 4) | size);
const AC_TABLE = fixedLengthTable(AC_SYMBOLS, 8);

class BitWriter {
	private bytes: number[] = [];
	private acc = 0;
	private n = 0;
	write(bits: number, len: number): void {
		for (let i = len - 1; i >= 0; i--) {
			this.acc = (this.acc << 1) | ((bits >> i) & 1);
			if (++this.n === 8) this.emit();
		}
	}
	private emit(): void {
		this.bytes.push(this.acc);
		if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
		this.acc = 0;
		this.n = 0;
	}
	finish(): Buffer {
		while (this.n !== 0) this.write(1, 1); // pad with 1-bits
		return Buffer.from(this.bytes);
	}
}

function category(v: number): number {
	let a = Math.abs(v);
	let size = 0;
	while (a > 0) {
		size++;
		a >>= 1;
	}
	return size;
}

function writeValue(w: BitWriter, table: HuffTable, symbol: number, v: number, size: number): void {
	const c = table.code.get(symbol);
	if (!c) throw new Error(`no Huffman code for symbol ${symbol}`);
	w.write(c.bits, c.len);
	if (size > 0) w.write(v >= 0 ? v : v + (1 << size) - 1, size);
}

function forwardDct(block: number[]): number[] {
	const out = new Array<number>(64);
	for (let v = 0; v < 8; v++) {
		for (let u = 0; u < 8; u++) {
			let sum = 0;
			for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) sum += block[y * 8 + x] * COS[x][u] * COS[y][v];
			const cu = u === 0 ? Math.SQRT1_2 : 1;
			const cv = v === 0 ? Math.SQRT1_2 : 1;
			out[v * 8 + u] = Math.round((0.25 * cu * cv * sum) / QUANT[v * 8 + u]);
		}
	}
	return out;
}

function encodeBlock(w: BitWriter, coef: number[], prevDc: number): number {
	const diff = coef[0] - prevDc;
	const dcSize = category(diff);
	writeValue(w, DC_TABLE, dcSize, diff, dcSize);
	let run = 0;
	for (let k = 1; k < 64; k++) {
		const v = coef[ZIGZAG[k]];
		if (v === 0) {
			run++;
			continue;
		}
		for (; run > 15; run -= 16) writeValue(w, AC_TABLE, 0xf0, 0, 0);
		const size = category(v);
		writeValue(w, AC_TABLE, (run << 4) | size, v, size);
		run = 0;
	}
	if (run > 0) writeValue(w, AC_TABLE, 0x00, 0, 0);
	return coef[0];
}

function segment(marker: number, payload: Buffer): Buffer {
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([head, payload]);
}

function toYCbCr(r: number, g: number, b: number): [number, number, number] {
	return [
		0.299 * r + 0.587 * g + 0.114 * b,
		-0.168736 * r - 0.331264 * g + 0.5 * b + 128,
		0.5 * r - 0.418688 * g - 0.081312 * b + 128,
	];
}

/** `rgb` is width*height*3 bytes, row-major. `comment` goes into a COM segment. */
export function encodeJpeg(width: number, height: number, rgb: Uint8Array, comment?: string): Buffer {
	if (rgb.length !== width * height * 3) throw new Error('pixel buffer size does not match dimensions');
	const w = new BitWriter();
	const prevDc = [0, 0, 0];
	for (let by = 0; by < height; by += 8) {
		for (let bx = 0; bx < width; bx += 8) {
			const planes = [new Array<number>(64), new Array<number>(64), new Array<number>(64)];
			for (let y = 0; y < 8; y++) {
				for (let x = 0; x < 8; x++) {
					// Replicate edge pixels for partial blocks.
					const px = Math.min(bx + x, width - 1);
					const py = Math.min(by + y, height - 1);
					const o = (py * width + px) * 3;
					const ycc = toYCbCr(rgb[o], rgb[o + 1], rgb[o + 2]);
					for (let c = 0; c < 3; c++) planes[c][y * 8 + x] = ycc[c] - 128;
				}
			}
			for (let c = 0; c < 3; c++) prevDc[c] = encodeBlock(w, forwardDct(planes[c]), prevDc[c]);
		}
	}

	const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
	const dqt = Buffer.from([0x00, ...ZIGZAG.map((i) => QUANT[i])]);
	const sof = Buffer.alloc(15);
	sof[0] = 8;
	sof.writeUInt16BE(height, 1);
	sof.writeUInt16BE(width, 3);
	sof[5] = 3;
	for (let c = 0; c < 3; c++) sof.set([c + 1, 0x11, 0], 6 + c * 3);
	const dht = Buffer.from([
		0x00, ...DC_TABLE.counts, ...DC_TABLE.symbols,
		0x10, ...AC_TABLE.counts, ...AC_TABLE.symbols,
	]);
	const sos = Buffer.from([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]);
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		segment(0xe0, jfif),
		...(comment ? [segment(0xfe, Buffer.from(comment, 'latin1'))] : []),
		segment(0xdb, dqt),
		segment(0xc0, sof),
		segment(0xc4, dht),
		segment(0xda, sos),
		w.finish(),
		Buffer.from([0xff, 0xd9]),
	]);
}
