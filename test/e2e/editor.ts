/**
 * The n8n editor in headless Chromium (Debian's `chromium`, driven by playwright-core: no
 * browser download). Only 127.0.0.1 is reachable; anything else the page asks for is blocked
 * and recorded, so a test can show the editor needs no outside service.
 */
import { mkdirSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { OWNER } from './n8n';
import type { N8nServer } from './n8n';

export interface DropdownOption {
	name: string;
	description: string;
}

const VISIBLE_ITEM = '.el-select-dropdown__item:visible';

/** The little of the DOM the in-page functions use (this project compiles without the DOM lib). */
interface PageDocument {
	querySelectorAll(selector: string): ArrayLike<{ offsetParent: unknown }>;
	querySelector(selector: string): { value?: string } | null;
}

export class Editor {
	readonly blocked: string[] = [];
	readonly screenshots: string[] = [];
	private shotCount = 0;

	private constructor(
		private readonly browser: Browser,
		private readonly context: BrowserContext,
		readonly page: Page,
		private readonly server: N8nServer,
		private readonly shotsDir: string,
		private readonly prefix: string,
	) {}

	static async open(server: N8nServer, executablePath: string, shotsDir: string): Promise<Editor> {
		mkdirSync(shotsDir, { recursive: true });
		// Screenshots of an earlier run of this version would mix with this run's.
		for (const file of readdirSync(shotsDir)) if (file.startsWith(`n8n-${server.version}-`)) rmSync(join(shotsDir, file));
		const browser = await chromium.launch({
			executablePath,
			headless: true,
			// root in CI: Chromium's sandbox needs an unprivileged user.
			args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
		});
		const context = await browser.newContext({ viewport: { width: 1440, height: 1100 }, locale: 'en-US' });
		const page = await context.newPage();
		const editor = new Editor(browser, context, page, server, shotsDir, `n8n-${server.version}`);
		await context.route('**/*', async (route) => {
			const url = new URL(route.request().url());
			if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return await route.continue();
			editor.blocked.push(url.origin);
			return await route.abort('blockedbyclient');
		});
		page.setDefaultTimeout(30_000);
		return editor;
	}

	async close(): Promise<void> {
		await this.context.close();
		await this.browser.close();
	}

	/** The sign-in form, as a user fills it. */
	async signIn(): Promise<void> {
		await this.page.goto(`${this.server.url}/signin`);
		await this.page.locator('input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(OWNER.email);
		await this.page.locator('input[type="password"]').fill(OWNER.password);
		await this.page.locator('[data-test-id="form-submit-button"]').click();
		await this.page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
	}

	/** Opens a workflow on the canvas. */
	async openWorkflow(workflowId: string): Promise<void> {
		await this.page.goto(`${this.server.url}/workflow/${workflowId}`);
		await this.page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 90_000 });
	}

	/** Double-clicks a node on the canvas: its settings panel (NDV) opens. */
	async openNode(nodeName: string): Promise<void> {
		const node = this.page.locator('[data-test-id="canvas-node"]', { hasText: nodeName }).first();
		await node.dblclick();
		await this.page.locator('[data-test-id="ndv"]').first().waitFor();
		await this.page.locator('[data-test-id="parameter-input-resource"], [data-test-id="parameter-input-source"]').first().waitFor();
	}

	/** Closes the settings panel with its close button (1.x: "Back to canvas"). */
	async closeNode(): Promise<void> {
		await this.waitDropdownsClosed();
		const close = this.page.locator('[data-test-id="ndv-close-button"]:visible, [data-test-id="back-to-canvas"]:visible').first();
		if ((await close.count()) > 0) await close.click();
		else await this.page.keyboard.press('Escape');
		await this.page.locator('[data-test-id="ndv"]').first().waitFor({ state: 'hidden' });
	}

	field(name: string): Locator {
		return this.page.locator(`[data-test-id="parameter-input-${name}"]:visible`);
	}

	async isShown(name: string): Promise<boolean> {
		return (await this.field(name).count()) > 0;
	}

	/** Which of these fields the panel shows now. */
	async shownFields(names: string[]): Promise<string[]> {
		const shown: string[] = [];
		for (const name of names) if (await this.isShown(name)) shown.push(name);
		return shown;
	}

	/** The value an options field displays. */
	async displayed(name: string): Promise<string> {
		return await this.field(name).locator('input').first().inputValue();
	}

	private async openDropdown(name: string): Promise<Locator> {
		await this.waitDropdownsClosed();
		const field = this.field(name).first();
		await field.scrollIntoViewIfNeeded();
		await field.click();
		const items = this.page.locator(VISIBLE_ITEM);
		await items.first().waitFor();
		return items;
	}

	private async waitDropdownsClosed(): Promise<void> {
		await this.page.waitForFunction(
			(selector) =>
				Array.from((globalThis as unknown as { document: PageDocument }).document.querySelectorAll(selector)).every((el) => el.offsetParent === null),
			'.el-select-dropdown__item',
		);
	}

	private static async readItems(items: Locator): Promise<DropdownOption[]> {
		return await items.evaluateAll((elements) =>
			elements.map((element) => {
				const headline = element.querySelector('.option-headline');
				const description = element.querySelector('.option-description');
				const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
				return {
					name: clean(headline ? headline.textContent : element.textContent),
					description: clean(description?.textContent),
				};
			}),
		);
	}

	/** The choices an options field offers, read from its open dropdown (then closed again). */
	async options(name: string, screenshot?: string): Promise<DropdownOption[]> {
		const items = await this.openDropdown(name);
		const options = await Editor.readItems(items);
		if (screenshot) await this.shot(screenshot);
		await this.field(name).first().click();
		await this.waitDropdownsClosed();
		return options;
	}

	/** Picks a choice by its name, as a user clicks it. */
	async choose(name: string, optionName: string): Promise<void> {
		const items = await this.openDropdown(name);
		const options = await Editor.readItems(items);
		const index = options.findIndex((option) => option.name === optionName);
		if (index < 0) throw new Error(`${name}: no option "${optionName}" among ${options.map((o) => o.name).join(', ')}`);
		await items.nth(index).click();
		await this.waitDropdownsClosed();
		await this.page.waitForFunction(
			({ selector, value }) => (globalThis as unknown as { document: PageDocument }).document.querySelector(`${selector} input`)?.value === value,
			{ selector: `[data-test-id="parameter-input-${name}"]`, value: optionName },
		);
	}

	/** A full-page screenshot in the artifacts folder; returns its path. */
	async shot(label: string): Promise<string> {
		this.shotCount += 1;
		const file = join(this.shotsDir, `${this.prefix}-${String(this.shotCount).padStart(2, '0')}-${label.replace(/[^a-z0-9.-]+/gi, '_')}.png`);
		await this.page.screenshot({ path: file });
		this.screenshots.push(file);
		return file;
	}
}
