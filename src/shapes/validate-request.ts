// Checks a request body against its operation's input shape, failing the way DynamoDB's framework does.
//
// DynamoDB deserializes the whole body first (a JSON type mismatch is a SerializationException with
// Jackson's/Coral's wording), then checks every constraint of the model and reports up to 10
// violations in one ValidationException. Checkers are compiled once per shape from the generated
// tables, so a request costs one walk over its members and no regex construction.

import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import { DYNAMODB_SHAPES } from './dynamodb-shapes.generated.js';
import { DYNAMODB_STREAMS_SHAPES } from './dynamodb-streams-shapes.generated.js';
import { renderValue, typeMismatch, type Position, type RenderContext } from './java-text.js';
import type { ShapeDef, ShapeTable, StringShape } from './shape-table.js';

/** DynamoDB lists at most this many violations in one message. */
const MAX_LISTED_VIOLATIONS = 10;

interface Violations {
  readonly messages: string[];
}

/**
 * Checks one value at `path`; returns it, or the value Jackson would have coerced it to (Integer
 * fields drop their fraction, Boolean fields accept "true"/"yes"/"1"…), so callers can store that.
 */
type Checker = (value: unknown, path: string, found: Violations) => unknown;

export type Service = 'DynamoDB' | 'DynamoDBStreams';

const TABLES: Record<Service, ShapeTable> = {
  DynamoDB: DYNAMODB_SHAPES,
  DynamoDBStreams: DYNAMODB_STREAMS_SHAPES,
};

const compilers = new Map<Service, Compiler>();
const compiledInputs: Record<Service, Map<string, Checker>> = {
  DynamoDB: new Map(),
  DynamoDBStreams: new Map(),
};

/**
 * Throws DynamoDB's SerializationException or ValidationException when `body` does not fit the
 * operation's input shape. Unknown members are ignored, as DynamoDB does; members sent as null are
 * removed and coercible scalars are replaced by their coerced value, in place, so operations see
 * what DynamoDB's handlers would. An unknown operation is left for the dispatcher to reject.
 */
export function validateRequest(service: Service, operation: string, body: unknown): void {
  const compiled = compiledInputs[service];
  let check = compiled.get(operation);
  if (check === undefined) {
    const table = TABLES[service];
    // Only the model's own operations are cached, so arbitrary targets cannot grow the cache.
    if (!Object.hasOwn(table.operations, operation)) return;
    let compiler = compilers.get(service);
    if (!compiler) compilers.set(service, (compiler = new Compiler(table)));
    check = compiler.checker(table.operations[operation]!, 'root');
    compiled.set(operation, check);
  }
  const found: Violations = { messages: [] };
  check(body ?? {}, '', found);
  const refused = NULL_MEMBERS_REFUSED[operation];
  if (refused !== undefined && isObject(body)) refuseNullMembers(body, refused, found);
  if (found.messages.length > 0) throw validationError(summarize(found.messages));
}

/**
 * Top-level lists whose null elements DynamoDB's handlers do not expect (DynamoDB Local 3.3
 * answers HTTP 500 to them): refused as null members instead. Other lists' nulls reach the
 * operations, which answer them in DynamoDB's own words.
 */
const NULL_MEMBERS_REFUSED: Readonly<Record<string, readonly string[]>> = {
  CreateTable: ['AttributeDefinitions', 'LocalSecondaryIndexes', 'GlobalSecondaryIndexes', 'Tags'],
  UpdateTable: ['AttributeDefinitions', 'GlobalSecondaryIndexUpdates', 'ReplicaUpdates'],
  TagResource: ['Tags'],
  UntagResource: ['TagKeys'],
};

function refuseNullMembers(
  body: Record<string, unknown>,
  members: readonly string[],
  found: Violations,
): void {
  for (const member of members) {
    const list = body[member];
    if (!Array.isArray(list)) continue;
    (list as unknown[]).forEach((element, i) => {
      if (element === null || element === undefined)
        violation(found, `${lowerFirst(member)}.${i + 1}.member`, 'Member must not be null', null);
    });
  }
}

function summarize(messages: readonly string[]): string {
  const count = messages.length;
  return `${count} validation error${count > 1 ? 's' : ''} detected: ${messages.join('; ')}`;
}

const serialization = (message: string): DynamoDbError =>
  new DynamoDbError('SerializationException', message);

/** Records one violation; `shown` is the value as Java prints it, rendered only on failure. */
function violation(found: Violations, path: string, rule: string, shown: string | null): void {
  if (found.messages.length >= MAX_LISTED_VIOLATIONS) return;
  const value = shown === null ? 'null' : `'${shown}'`;
  found.messages.push(`Value ${value} at '${path}' failed to satisfy constraint: ${rule}`);
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
const join = (parent: string, segment: string): string =>
  parent ? `${parent}.${segment}` : segment;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The constraint texts of a shape, in the order "Map keys/value must satisfy" lists them. */
function ruleList(shape: ShapeDef | undefined): string[] {
  if (!shape || !('max' in shape || 'min' in shape || 'pattern' in shape)) return [];
  const unit =
    shape.type === 'string' || shape.type === 'list' || shape.type === 'map' ? 'length' : 'value';
  const rules: string[] = [];
  if ('max' in shape && shape.max !== undefined)
    rules.push(`Member must have ${unit} less than or equal to ${shape.max}`);
  if ('min' in shape && shape.min !== undefined)
    rules.push(`Member must have ${unit} greater than or equal to ${shape.min}`);
  if ('pattern' in shape && shape.pattern !== undefined)
    rules.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  return rules;
}

/** Builds (and caches) one checker per shape and position in the document. */
class Compiler implements RenderContext {
  private readonly cache = new Map<string, Checker>();
  readonly javaPackage: string;

  constructor(private readonly table: ShapeTable) {
    this.javaPackage = table.javaPackage;
  }

  shape(name: string): ShapeDef {
    const shape = Object.hasOwn(this.table.shapes, name) ? this.table.shapes[name] : undefined;
    if (!shape) throw new Error(`shape table has no ${name}`);
    return shape;
  }

  checker(name: string, position: Position): Checker {
    const key = `${name}/${position}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    // A shape that contains itself gets a late-bound checker for the inner reference only.
    const slot: { check?: Checker } = {};
    this.cache.set(key, (value, path, found) => slot.check!(value, path, found));
    slot.check = this.build(name, position);
    this.cache.set(key, slot.check);
    return slot.check;
  }

  private build(name: string, position: Position): Checker {
    const shape = this.shape(name);
    // A map value's own constraints are reported on the map ("Map value must satisfy …").
    const own = (bound: number | undefined): number | undefined =>
      position === 'value' ? undefined : bound;
    switch (shape.type) {
      case 'structure':
        return this.structure(name, shape.members, shape.opaque === true, position);
      case 'list':
        return this.list(name, shape.member, own(shape.min), own(shape.max), position);
      case 'map':
        return this.map(name, shape.key, shape.value, own(shape.min), own(shape.max), position);
      case 'string':
        return this.string(name, position === 'value' ? { type: 'string' } : shape);
      default:
        return this.scalar(name, shape.type, 'min' in shape && position !== 'value' ? shape : {});
    }
  }

  private render(value: unknown, shape: string): string {
    return renderValue(value, shape, this);
  }

  private structure(
    name: string,
    members: readonly (readonly [string, string, 0 | 1])[],
    opaque: boolean,
    position: Position,
  ): Checker {
    const compiled = members.map(([member, shape, required]) => ({
      member,
      segment: lowerFirst(member),
      required: required === 1,
      check: opaque ? undefined : this.checker(shape, 'field'),
    }));
    return (value, path, found) => {
      if (!isObject(value)) throw serialization(typeMismatch(value, name, this, position));
      for (let i = 0; i < compiled.length; i++) {
        const { member, segment, required, check } = compiled[i]!;
        let child = value[member];
        if (child === null) {
          delete value[member];
          child = undefined;
        }
        if (child === undefined) {
          if (required) violation(found, join(path, segment), 'Member must not be null', null);
          continue;
        }
        const coerced = check!(child, join(path, segment), found);
        if (coerced !== child) value[member] = coerced;
      }
      return value;
    };
  }

  private list(
    name: string,
    member: string,
    min: number | undefined,
    max: number | undefined,
    position: Position,
  ): Checker {
    const check = this.checker(member, 'element');
    return (value, path, found) => {
      if (!Array.isArray(value)) throw serialization(typeMismatch(value, name, this, position));
      const list: unknown[] = value;
      this.lengthRules(list, list.length, name, min, max, path, found);
      for (let i = 0; i < list.length; i++) {
        const element = list[i];
        if (element === null || element === undefined) continue;
        const coerced = check(element, `${join(path, String(i + 1))}.member`, found);
        if (coerced !== element) list[i] = coerced;
      }
      return list;
    };
  }

  private map(
    name: string,
    keyShape: string,
    valueShape: string,
    min: number | undefined,
    max: number | undefined,
    position: Position,
  ): Checker {
    const check = this.checker(valueShape, 'value');
    const keyRule = this.entryRule(keyShape, 'Map keys must satisfy constraint');
    const valueRule = this.entryRule(valueShape, 'Map value must satisfy constraint');
    return (value, path, found) => {
      if (!isObject(value)) throw serialization(typeMismatch(value, name, this, position));
      const keys = Object.keys(value);
      this.lengthRules(value, keys.length, name, min, max, path, found);
      if (keyRule) for (const key of keys) keyRule(key, value, name, path, found);
      if (valueRule) for (const key of keys) valueRule(value[key], value, name, path, found);
      for (const key of keys) {
        const entry = value[key];
        if (entry === null || entry === undefined) continue;
        const coerced = check(entry, `${join(path, key)}.member`, found);
        if (coerced !== entry) value[key] = coerced;
      }
      return value;
    };
  }

  /** Constraints on map keys or values are reported on the whole map, listing all of them. */
  private entryRule(
    shapeName: string,
    prefix: string,
  ):
    | ((entry: unknown, map: unknown, mapShape: string, path: string, found: Violations) => void)
    | undefined {
    const shape = this.shape(shapeName);
    const rules = ruleList(shape);
    if (rules.length === 0) return undefined;
    const fits = this.fitsBounds(shape);
    const arnShape = shape.type === 'string' && shape.arn ? this.shape(shape.arn) : undefined;
    const arnFits = arnShape ? this.fitsBounds(arnShape) : undefined;
    const arnRule = arnShape ? `${prefix}: [${ruleList(arnShape).join(', ')}]` : '';
    const rule = `${prefix}: [${rules.join(', ')}]`;
    return (entry, map, mapShape, path, found) => {
      const isArn = arnFits && typeof entry === 'string' && entry.startsWith('arn:');
      if (isArn ? arnFits(entry) : fits(entry)) return;
      violation(found, path, isArn ? arnRule : rule, this.render(map, mapShape));
    };
  }

  /** A predicate for a shape's own bounds and pattern (used for map entries). */
  private fitsBounds(shape: ShapeDef): (value: unknown) => boolean {
    const min = 'min' in shape ? shape.min : undefined;
    const max = 'max' in shape ? shape.max : undefined;
    const pattern =
      'pattern' in shape && shape.pattern ? new RegExp(`^(?:${shape.pattern})$`) : undefined;
    return (value) => {
      const size =
        typeof value === 'string' || Array.isArray(value)
          ? value.length
          : isObject(value)
            ? Object.keys(value).length
            : typeof value === 'number'
              ? value
              : undefined;
      if (size === undefined) return true;
      if (min !== undefined && size < min) return false;
      if (max !== undefined && size > max) return false;
      return !(pattern && typeof value === 'string' && !pattern.test(value));
    };
  }

  private lengthRules(
    value: unknown,
    length: number,
    shape: string,
    min: number | undefined,
    max: number | undefined,
    path: string,
    found: Violations,
  ): void {
    if (min !== undefined && length < min)
      violation(
        found,
        path,
        `Member must have length greater than or equal to ${min}`,
        this.render(value, shape),
      );
    if (max !== undefined && length > max)
      violation(
        found,
        path,
        `Member must have length less than or equal to ${max}`,
        this.render(value, shape),
      );
  }

  private string(name: string, shape: StringShape): Checker {
    const own = this.stringRules(shape);
    const arn = shape.arn ? this.stringRules(this.shape(shape.arn) as StringShape) : undefined;
    return (value, path, found) => {
      if (typeof value !== 'string') throw serialization(typeMismatch(value, name, this, 'field'));
      (arn && value.startsWith('arn:') ? arn : own)(value, path, found);
      return value;
    };
  }

  /** String constraints in DynamoDB's order: pattern, minimum length, maximum length, enum. */
  private stringRules(
    shape: StringShape,
  ): (value: string, path: string, found: Violations) => void {
    const pattern = shape.pattern ? new RegExp(`^(?:${shape.pattern})$`) : undefined;
    const patternRule = `Member must satisfy regular expression pattern: ${shape.pattern}`;
    const minRule = `Member must have length greater than or equal to ${shape.min}`;
    const maxRule = `Member must have length less than or equal to ${shape.max}`;
    const allowed = shape.enum ? new Set(shape.enum) : undefined;
    const enumRule = `Member must satisfy enum value set: [${shape.enum?.join(', ')}]`;
    const { min, max } = shape;
    return (value, path, found) => {
      if (pattern && !pattern.test(value)) violation(found, path, patternRule, value);
      if (min !== undefined && value.length < min) violation(found, path, minRule, value);
      if (max !== undefined && value.length > max) violation(found, path, maxRule, value);
      if (allowed && !allowed.has(value)) violation(found, path, enumRule, value);
    };
  }

  private scalar(
    name: string,
    type: 'integer' | 'long' | 'double' | 'boolean' | 'blob' | 'timestamp',
    bounds: { readonly min?: number; readonly max?: number },
  ): Checker {
    const { min, max } = bounds;
    const minRule = `Member must have value greater than or equal to ${min}`;
    const maxRule = `Member must have value less than or equal to ${max}`;
    return (value, path, found) => {
      const coerced = coerceScalar(value, type);
      if (coerced === MISMATCH) throw serialization(typeMismatch(value, name, this, 'field'));
      if (typeof coerced === 'number') {
        if (min !== undefined && coerced < min)
          violation(found, path, minRule, this.render(coerced, name));
        if (max !== undefined && coerced > max)
          violation(found, path, maxRule, this.render(coerced, name));
      }
      return coerced;
    };
  }
}

/** What coerceScalar returns for a JSON type Jackson cannot turn into the member's type. */
const MISMATCH = Symbol('type mismatch');

/** Jackson's coercions for scalar fields. */
function coerceScalar(
  value: unknown,
  type: 'integer' | 'long' | 'double' | 'boolean' | 'blob' | 'timestamp',
): unknown {
  switch (type) {
    case 'integer':
    case 'long':
      if (typeof value !== 'number') return MISMATCH;
      return Number.isInteger(value) ? value : Math.trunc(value);
    case 'double':
    case 'timestamp':
      return typeof value === 'number' ? value : MISMATCH;
    case 'boolean':
      return coerceBoolean(value);
    case 'blob':
      if (typeof value !== 'string') return MISMATCH;
      checkBase64(value);
      return value;
  }
}

// DynamoDB accepts these strings for Boolean members (dynalite validations/index.js, checkTypes).
const TRUE_STRINGS = new Set(['TRUE', '1', 'YES']);
const FALSE_STRINGS = new Set(['FALSE', '0', 'NO']);

function coerceBoolean(value: unknown): boolean | typeof MISMATCH {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return MISMATCH;
  const upper = value.toUpperCase();
  if (TRUE_STRINGS.has(upper)) return true;
  return FALSE_STRINGS.has(upper) ? false : MISMATCH;
}

function checkBase64(value: string): void {
  if (value.length % 4 !== 0)
    throw serialization(
      `Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`,
    );
  if (Buffer.from(value, 'base64').toString('base64') !== value)
    throw serialization('Invalid last non-pad Base64 character dectected');
}

/** Whether a request list has null elements, which the shape check lets through (see above). */
export function hasNullElement(list: readonly unknown[]): boolean {
  return list.some((element) => element === null || element === undefined);
}
