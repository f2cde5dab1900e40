// Writes src/shapes/*.generated.ts, the validation tables, from botocore's API model plus our overlay.
//
//   npx tsx scripts/generate-shapes.ts [botocore-data-dir] [--check]
//
// --check writes nothing and exits 1 when regenerating would change a checked-in file (for CI).

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_DATA_DIR = '/tmp/botocore/usr/lib/python3/dist-packages/botocore/data';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const JAVA_PACKAGE = 'com.amazonaws.dynamodb.v20120810';

interface BotoMember {
  shape: string;
}
interface BotoShape {
  type: string;
  members?: Record<string, BotoMember>;
  required?: string[];
  member?: BotoMember;
  key?: BotoMember;
  value?: BotoMember;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}
interface BotoModel {
  operations: Record<string, { input?: BotoMember }>;
  shapes: Record<string, BotoShape>;
}
interface Overlay {
  memberOrder: Record<string, string[]>;
  enumOrder: Record<string, string[] | string>;
  opaque: string[];
  arnAlternative: Record<string, string>;
  relax: Record<string, { required: string[]; _source?: string }>;
  relaxMin: { shapes: string[]; _source?: string };
  operations: Record<string, string>;
  shapes: Record<string, BotoShape & { _source?: string }>;
  setMembers: Record<string, Record<string, string> | string>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Applies the overlay to a copy of the botocore model; fails loudly when a fact no longer fits. */
function applyOverlay(model: BotoModel, overlay: Overlay): BotoModel {
  const shapes: Record<string, BotoShape> = structuredClone(model.shapes);
  for (const [name, shape] of Object.entries(overlay.shapes)) {
    const { _source: _ignored, ...rest } = shape;
    shapes[name] = rest;
  }
  const structure = (name: string): BotoShape => {
    const shape = shapes[name];
    if (shape?.type !== 'structure') throw new Error(`overlay names unknown structure ${name}`);
    return shape;
  };
  for (const [name, members] of Object.entries(overlay.setMembers)) {
    if (typeof members === 'string') continue;
    const target = structure(name);
    for (const [member, shape] of Object.entries(members)) {
      if (!shapes[shape])
        throw new Error(`overlay: ${name}.${member} names unknown shape ${shape}`);
      target.members = { ...target.members, [member]: { shape } };
    }
  }
  for (const [name, { required }] of Object.entries(overlay.relax))
    structure(name).required = required;
  for (const name of overlay.relaxMin.shapes) {
    const shape = shapes[name];
    if (shape?.min === undefined)
      throw new Error(`overlay relaxMin names ${name}, which has no min`);
    delete shape.min;
  }
  for (const [name, values] of Object.entries(overlay.enumOrder)) {
    if (typeof values === 'string') continue;
    const shape = shapes[name];
    const known = [...(shape?.enum ?? [])].sort().join();
    if (known !== [...values].sort().join()) throw new Error(`overlay enumOrder ${name} differs`);
    shape!.enum = values;
  }
  const operations = { ...model.operations };
  for (const [name, input] of Object.entries(overlay.operations)) {
    operations[name] = { input: { shape: input } };
  }
  return { operations, shapes };
}

/** Members in DynamoDB's checking order: the overlay's order first, then the rest in model order. */
function orderedMembers(name: string, shape: BotoShape, overlay: Overlay | undefined): string[] {
  const names = Object.keys(shape.members ?? {});
  const first = (overlay?.memberOrder[name] ?? []).filter((member) => names.includes(member));
  return [...first, ...names.filter((member) => !first.includes(member))];
}

function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_]\w*$/.test(k) ? k : literal(k)}: ${literal(v)}`).join(', ')} }`;
  }
  return String(value);
}

function compactShape(name: string, shape: BotoShape, overlay: Overlay | undefined): unknown {
  const bounds = { min: shape.min, max: shape.max };
  switch (shape.type) {
    case 'structure': {
      if (overlay?.opaque.includes(name)) return { type: 'structure', members: [], opaque: true };
      const required = new Set(shape.required ?? []);
      const members = orderedMembers(name, shape, overlay).map((member) => [
        member,
        shape.members![member]!.shape,
        required.has(member) ? 1 : 0,
      ]);
      return { type: 'structure', members };
    }
    case 'list':
      return { type: 'list', member: shape.member!.shape, ...bounds };
    case 'map':
      return { type: 'map', key: shape.key!.shape, value: shape.value!.shape, ...bounds };
    case 'string': {
      const arn = overlay?.arnAlternative[name];
      return { type: 'string', ...bounds, pattern: shape.pattern, enum: shape.enum, arn };
    }
    case 'integer':
    case 'long':
    case 'double':
      return { type: shape.type, ...bounds };
    case 'boolean':
    case 'blob':
    case 'timestamp':
      return { type: shape.type };
    default:
      throw new Error(`shape ${name}: unsupported type ${shape.type}`);
  }
}

/** Every shape reachable from an operation input, so the table holds only what validation uses. */
function reachableShapes(model: BotoModel, roots: string[], opaque: string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`unknown shape ${name}`);
    seen.add(name);
    if (opaque.includes(name)) return;
    for (const member of Object.values(shape.members ?? {})) visit(member.shape);
    for (const ref of [shape.member, shape.key, shape.value]) if (ref) visit(ref.shape);
  };
  roots.forEach(visit);
  return [...seen].sort();
}

function render(service: string, constName: string, model: BotoModel, overlay?: Overlay): string {
  const operations = Object.keys(model.operations)
    .filter((op) => model.operations[op]!.input)
    .sort();
  const inputs = operations.map((op) => model.operations[op]!.input!.shape);
  const names = reachableShapes(model, inputs, overlay?.opaque ?? []);
  const lines = [
    `// Generated by scripts/generate-shapes.ts from botocore ${service}/2012-08-10/service-2.json` +
      (overlay ? ' and scripts/shape-overlay.json' : '') +
      ' — do not edit.',
    '',
    "import type { ShapeTable } from './shape-table.js';",
    '',
    `export const ${constName}: ShapeTable = {`,
    `  javaPackage: '${JAVA_PACKAGE}',`,
    '  operations: {',
    ...operations.map((op, i) => `    ${op}: '${inputs[i]}',`),
    '  },',
    '  shapes: {',
    ...names.map((n) => `    ${n}: ${literal(compactShape(n, model.shapes[n]!, overlay))},`),
    '  },',
    '};',
    '',
  ];
  return lines.join('\n');
}

function main(): void {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const dataDir = args.find((arg) => !arg.startsWith('--')) ?? DEFAULT_DATA_DIR;
  const overlay = readJson<Overlay>(join(ROOT, 'scripts/shape-overlay.json'));
  const dynamodb = readJson<BotoModel>(join(dataDir, 'dynamodb/2012-08-10/service-2.json'));
  const streams = readJson<BotoModel>(join(dataDir, 'dynamodbstreams/2012-08-10/service-2.json'));
  const outputs: [string, string][] = [
    [
      'src/shapes/dynamodb-shapes.generated.ts',
      render('dynamodb', 'DYNAMODB_SHAPES', applyOverlay(dynamodb, overlay), overlay),
    ],
    [
      'src/shapes/dynamodb-streams-shapes.generated.ts',
      render('dynamodbstreams', 'DYNAMODB_STREAMS_SHAPES', streams),
    ],
  ];
  let stale = false;
  for (const [file, text] of outputs) {
    const path = join(ROOT, file);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === text) continue;
    if (check) {
      console.error(`${file} is out of date: run npx tsx scripts/generate-shapes.ts`);
      stale = true;
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${file}`);
    }
  }
  if (stale) process.exit(1);
}

main();
