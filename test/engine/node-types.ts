import type { ICredentialType, IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { MANUAL_TRIGGER_TYPE, ManualTriggerStandIn, TEST_NODE_PREFIX, TestItems } from './test-nodes';

/** The package root, whether this file runs from test/ (ts-jest) or dist/test/ (compiled). */
function findPackageRoot(start: string): string {
	for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'nodes'))) return dir;
	}
	throw new Error(`No package root above ${start}`);
}

export const packageRoot = findPackageRoot(__dirname);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require(path.join(packageRoot, 'package.json')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/** n8n names a community node `<package name>.<node name>`. */
export const PACKAGE_NAME = packageJson.name;
export const nodeTypeName = (name: string) => `${PACKAGE_NAME}.${name}`;

function loadExportedClasses<T>(relativeFiles: string[]): T[] {
	return relativeFiles.map((file) => {
		// The built files, exactly as n8n's loader would find them through package.json.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(path.join(packageRoot, file)) as Record<string, new () => T>;
		const className = path.basename(file).split('.')[0];
		const Klass = exported[className];
		if (!Klass) throw new Error(`${file} does not export a class named ${className}`);
		return new Klass();
	});
}

/** Our built nodes and credentials, loaded from dist/ through package.json as n8n does. */
export function loadPackage() {
	const nodes = loadExportedClasses<INodeType>(packageJson.n8n.nodes);
	const credentials = loadExportedClasses<ICredentialType>(packageJson.n8n.credentials);
	return { nodes, credentials };
}

/**
 * n8n's own nodes and credentials from `n8n-nodes-base` (a devDependency), for workflows that
 * compare our node with what users build from n8n's built-in nodes. Only the classes asked for
 * are required — by file name from the package's `n8n` lists, e.g. `HttpRequest`, `Wait`, `If`,
 * `SplitInBatches`, `ManualTrigger`, `HttpHeaderAuth` — and each is keyed by its type name
 * (`n8n-nodes-base.httpRequest`). Loading the whole package would take seconds and ~1 GB.
 */
export function loadBaseNodes(classNames: string[]): {
	nodes: Map<string, INodeType | IVersionedNodeType>;
	credentials: ICredentialType[];
} {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const basePackageJson = require.resolve('n8n-nodes-base/package.json', { paths: [packageRoot] });
	const baseRoot = path.dirname(basePackageJson);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const lists = (require(basePackageJson) as { n8n: { nodes: string[]; credentials: string[] } }).n8n;
	const wanted = new Set(classNames);
	const pick = (files: string[]) => files.filter((file) => wanted.has(path.basename(file).split('.')[0]));
	const load = <T>(file: string): T => {
		const className = path.basename(file).split('.')[0];
		wanted.delete(className);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const Klass = (require(path.join(baseRoot, file)) as Record<string, new () => T>)[className];
		if (!Klass) throw new Error(`n8n-nodes-base: ${file} does not export ${className}`);
		return new Klass();
	};
	const nodes = new Map<string, INodeType | IVersionedNodeType>();
	for (const file of pick(lists.nodes)) {
		const node = load<INodeType | IVersionedNodeType>(file);
		nodes.set(`n8n-nodes-base.${node.description.name}`, node);
	}
	const credentials = pick(lists.credentials).map((file) => load<ICredentialType>(file));
	if (wanted.size) throw new Error(`n8n-nodes-base has no ${[...wanted].join(', ')}`);
	return { nodes, credentials };
}

export class TestNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	constructor(nodes: INodeType[]) {
		for (const node of nodes) this.types.set(nodeTypeName(node.description.name), node);
		const items = new TestItems();
		this.types.set(`${TEST_NODE_PREFIX}.${items.description.name}`, items);
		this.types.set(MANUAL_TRIGGER_TYPE, new ManualTriggerStandIn());
	}

	add(typeName: string, node: INodeType | IVersionedNodeType) {
		this.types.set(typeName, node);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}
