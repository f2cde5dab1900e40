// How DynamoDB's Java request framework words type mismatches and prints values in its messages.
//
// The texts come from dynalite (validations/index.js, checkTypes), whose tests ran against real
// DynamoDB: Jackson/Coral name the JSON token they found and the Java type they wanted.

import type { ShapeDef } from './shape-table.js';

/** Where a value sits: a structure member, a list element, a map value, or the request itself. */
export type Position = 'field' | 'element' | 'value' | 'root';

export interface RenderContext {
  readonly javaPackage: string;
  shape(name: string): ShapeDef;
}

const PARAMETERIZED_CAST =
  'class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class ' +
  'java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and ' +
  "java.lang.Class are in module java.base of loader 'bootstrap')";
const START_OF_STRUCTURE = 'Start of structure or map found where not expected';

const SCALAR_CLASS: Record<string, string> = {
  string: 'java.lang.String',
  integer: 'java.lang.Integer',
  long: 'java.lang.Long',
  double: 'java.lang.Double',
  boolean: 'java.lang.Boolean',
  blob: 'java.nio.ByteBuffer',
  timestamp: 'java.util.Date',
};

/** The Java type a shape deserializes to, as Jackson prints it in collection errors. */
export function javaType(name: string, context: RenderContext): string {
  const shape = context.shape(name);
  switch (shape.type) {
    case 'structure':
      return `${context.javaPackage}.${name}`;
    case 'list':
      return `java.util.List<${javaType(shape.member, context)}>`;
    case 'map':
      return `java.util.Map<java.lang.String, ${javaType(shape.value, context)}>`;
    default:
      return SCALAR_CLASS[shape.type] ?? 'java.lang.Object';
  }
}

/** The SerializationException message for `value` found where shape `name` was expected. */
export function typeMismatch(
  value: unknown,
  name: string,
  context: RenderContext,
  position: Position,
): string {
  const shape = context.shape(name);
  const primitive = typeof value !== 'object' || value === null;
  switch (shape.type) {
    case 'structure':
      if (primitive)
        return position === 'element' || position === 'value'
          ? 'Unexpected value type in payload'
          : 'Unexpected field type';
      return `Unrecognized collection type class ${context.javaPackage}.${name}`;
    case 'list':
      if (primitive)
        return position === 'element' || position === 'value'
          ? PARAMETERIZED_CAST
          : 'Unexpected field type';
      return START_OF_STRUCTURE;
    case 'map':
      if (primitive)
        return position === 'element' || position === 'value'
          ? PARAMETERIZED_CAST
          : 'Unexpected field type';
      return `Unrecognized collection type ${javaType(name, context)}`;
    default:
      return scalarMismatch(value, shape.type);
  }
}

function scalarMismatch(value: unknown, type: string): string {
  const javaClass = SCALAR_CLASS[type] ?? 'java.lang.Object';
  if (Array.isArray(value)) return `Unrecognized collection type class ${javaClass}`;
  if (typeof value === 'object' && value !== null) return START_OF_STRUCTURE;
  if (type === 'blob') return 'only base-64-encoded strings are convertible to bytes';
  const simpleName = javaClass.slice(javaClass.lastIndexOf('.') + 1);
  if (typeof value === 'boolean')
    return `${value ? 'TRUE' : 'FALSE'}_VALUE cannot be converted to ${simpleName}`;
  if (typeof value === 'number') {
    return `${Number.isInteger(value) ? 'NUMBER' : 'DECIMAL'}_VALUE cannot be converted to ${simpleName}`;
  }
  if (type === 'boolean') return 'Unexpected token received from parser';
  return `STRING_VALUE cannot be converted to ${simpleName}`;
}

/**
 * A value as Java's toString() prints it in "Value '…' at …": lists `[a, b]`, maps `{k=v}`, and
 * structures by class name and identity hash (`com.amazonaws.dynamodb.v20120810.WriteRequest@1b2c3d`),
 * which is random in DynamoDB; ours is derived from the content, so messages stay deterministic.
 */
export function renderValue(value: unknown, name: string, context: RenderContext): string {
  if (value === null || value === undefined) return 'null';
  const shape = context.shape(name);
  if (Array.isArray(value)) {
    const member = shape.type === 'list' ? shape.member : name;
    return `[${value.map((element) => renderValue(element, member, context)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    if (shape.type !== 'map') return `${context.javaPackage}.${name}@${identityHash(value)}`;
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${k}=${renderValue(v, shape.value, context)}`).join(', ')}}`;
  }
  if (typeof value === 'number' && shape.type === 'double') return javaDouble(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function identityHash(value: object): string {
  let hash = 0x811c9dc5;
  const text = JSON.stringify(value);
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16);
}

/** Java's Double.toString: `1.0`, `0.5`, `1.0E7`, `1.0E-4`. */
function javaDouble(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude === 0 || (magnitude >= 1e-3 && magnitude < 1e7)) {
    return Number.isInteger(value) ? value.toFixed(1) : String(value);
  }
  const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}
