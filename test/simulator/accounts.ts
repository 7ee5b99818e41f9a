/** Per-key balances and the charge ledger tests assert against. */

export interface Charge {
	taskId: string;
	model: string;
	type: 'image' | 'video';
	credits: number;
	refunded: boolean;
	body: unknown;
}

export interface Ledger {
	balance: number;
	charges: Charge[];
}

export class Accounts {
	private readonly byKey = new Map<string, Ledger>();

	add(key: string, credits: number): void {
		if (this.byKey.has(key)) throw new Error(`account ${key} already exists`);
		this.byKey.set(key, { balance: credits, charges: [] });
	}

	has(key: string): boolean {
		return this.byKey.has(key);
	}

	balance(key: string): number {
		return this.get(key).balance;
	}

	setBalance(key: string, credits: number): void {
		this.get(key).balance = credits;
	}

	charge(key: string, charge: Omit<Charge, 'refunded'>): void {
		const ledger = this.get(key);
		ledger.balance -= charge.credits;
		ledger.charges.push({ ...charge, refunded: false });
	}

	refund(key: string, taskId: string): void {
		const ledger = this.get(key);
		const charge = ledger.charges.find((c) => c.taskId === taskId);
		if (!charge || charge.refunded) return;
		charge.refunded = true;
		ledger.balance += charge.credits;
	}

	/** A copy, so callers can't mutate the simulator's books. */
	snapshot(key: string): Ledger {
		const ledger = this.get(key);
		return { balance: ledger.balance, charges: ledger.charges.map((c) => ({ ...c })) };
	}

	private get(key: string): Ledger {
		const ledger = this.byKey.get(key);
		if (!ledger) throw new Error(`unknown account ${key}`);
		return ledger;
	}
}
