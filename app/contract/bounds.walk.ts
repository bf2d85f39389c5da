import { z } from 'zod';

/**
 * Walks an input schema (as zod 4's JSON Schema of the input side) down to its leaves: the
 * strings, numbers and arrays a caller can send, each with its path and its declared bounds.
 * Used by the generated bounds test; refinements are invisible here, so bounds must be declared
 * with .max/.min (which is also what the JSON Schema documents to other clients).
 */
export interface JsonNode {
  type?: string | string[];
  properties?: Record<string, JsonNode>;
  additionalProperties?: JsonNode | boolean;
  propertyNames?: JsonNode;
  items?: JsonNode;
  anyOf?: JsonNode[];
  oneOf?: JsonNode[];
  allOf?: JsonNode[];
  maxLength?: number;
  minLength?: number;
  maximum?: number;
  minimum?: number;
  exclusiveMaximum?: number;
  exclusiveMinimum?: number;
  maxItems?: number;
  minItems?: number;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
}

export type Path = (string | number)[];
export type LeafKind = 'string' | 'number' | 'array' | 'record' | 'unknown';

export interface Leaf {
  path: Path;
  kind: LeafKind;
  node: JsonNode;
}

/** A key used for records' values (a real denomination, so the cash counts' key check passes). */
export const RECORD_KEY = '5000';

export function inputJsonSchema(schema: z.ZodType): JsonNode {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonNode;
}

function types(node: JsonNode): string[] {
  return node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
}

/** Every leaf under `node`; union branches are all walked, at the same path. */
export function leaves(node: JsonNode, path: Path = [], out: Leaf[] = []): Leaf[] {
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) leaves(branch, path, out);
  const t = types(node);
  if (t.includes('object')) {
    for (const [key, child] of Object.entries(node.properties ?? {})) leaves(child, [...path, key], out);
    if (typeof node.additionalProperties === 'object') {
      out.push({ path, kind: 'record', node });
      leaves(node.additionalProperties, [...path, RECORD_KEY], out);
    }
  }
  if (t.includes('array')) {
    out.push({ path, kind: 'array', node });
    if (node.items) leaves(node.items, [...path, 0], out);
  }
  if (t.includes('string') && node.enum === undefined && node.const === undefined)
    out.push({ path, kind: 'string', node });
  if ((t.includes('number') || t.includes('integer')) && node.enum === undefined && node.const === undefined) {
    out.push({ path, kind: 'number', node });
  }
  const bare =
    t.length === 0 && !node.anyOf && !node.oneOf && !node.allOf && node.enum === undefined && node.const === undefined;
  if (bare) out.push({ path, kind: 'unknown', node });
  return out;
}

/** What is missing from a leaf's bounds, or null when it is fully bounded. */
export function missingBound(leaf: Leaf): string | null {
  const n = leaf.node;
  switch (leaf.kind) {
    case 'string':
      return n.maxLength === undefined ? 'string without maxLength' : null;
    case 'number': {
      const low = n.minimum !== undefined || n.exclusiveMinimum !== undefined;
      const high = n.maximum !== undefined || n.exclusiveMaximum !== undefined;
      return low && high ? null : `number without ${low ? 'maximum' : high ? 'minimum' : 'minimum and maximum'}`;
    }
    case 'array':
      return n.maxItems === undefined ? 'array without maxItems' : null;
    case 'record':
      return n.propertyNames?.maxLength === undefined ? 'record keys without maxLength' : null;
    case 'unknown':
      return 'a value of any shape';
  }
}

/** A value for each leaf that lies past one of its declared bounds (each must be refused). */
export function pastBounds(leaf: Leaf): { label: string; value: unknown }[] {
  const n = leaf.node;
  const out: { label: string; value: unknown }[] = [];
  if (leaf.kind === 'string') {
    if (n.maxLength !== undefined)
      out.push({ label: `${n.maxLength + 1} characters`, value: 'x'.repeat(n.maxLength + 1) });
    out.push({ label: 'a NUL character', value: 'ab\u0000cd' });
    out.push({ label: 'a lone surrogate', value: 'ab\uD800cd' });
  }
  if (leaf.kind === 'number') {
    const integer = types(n).includes('integer');
    if (n.maximum !== undefined) out.push({ label: 'above maximum', value: n.maximum + 1 });
    if (n.exclusiveMaximum !== undefined) out.push({ label: 'at exclusive maximum', value: n.exclusiveMaximum });
    if (n.minimum !== undefined) out.push({ label: 'below minimum', value: n.minimum - 1 });
    if (n.exclusiveMinimum !== undefined) out.push({ label: 'at exclusive minimum', value: n.exclusiveMinimum });
    if (integer) out.push({ label: 'not an integer', value: (n.minimum ?? n.exclusiveMinimum ?? 0) + 1.5 });
    out.push({ label: '2^53', value: 2 ** 53 });
    out.push({ label: '-2^53', value: -(2 ** 53) });
  }
  if (leaf.kind === 'array' && n.maxItems !== undefined) {
    out.push({ label: `${n.maxItems + 1} items`, value: Array.from({ length: n.maxItems + 1 }, () => ({})) });
  }
  return out;
}

/** Values exactly at a number's declared limits (each may be refused for other reasons, never crash). */
export function atLimits(leaf: Leaf): { label: string; value: unknown }[] {
  if (leaf.kind !== 'number') return [];
  const n = leaf.node;
  const out: { label: string; value: unknown }[] = [];
  if (n.maximum !== undefined) out.push({ label: 'at maximum', value: n.maximum });
  if (n.minimum !== undefined) out.push({ label: 'at minimum', value: n.minimum });
  return out;
}

/** An object with `value` placed at `path` (arrays where the path has an index). */
export function inputWith(path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const inner = inputWith(rest, value);
  return typeof head === 'number' ? [inner] : { [head as string]: inner };
}

export function pathText(path: Path): string {
  return path.join('.');
}
