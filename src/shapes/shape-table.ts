// The compact form of an API model that request validation needs, as written by scripts/generate-shapes.ts.

/** A structure member: wire name, shape name, 1 when DynamoDB requires it. */
export type MemberDef = readonly [name: string, shape: string, required: 0 | 1];

export interface StructureShape {
  readonly type: 'structure';
  /** In the order DynamoDB checks (and lists violations of) them. */
  readonly members: readonly MemberDef[];
  /** Validated by another layer (AttributeValue): only its JSON container type is checked here. */
  readonly opaque?: true;
}

export interface ListShape {
  readonly type: 'list';
  readonly member: string;
  readonly min?: number;
  readonly max?: number;
}

export interface MapShape {
  readonly type: 'map';
  readonly key: string;
  readonly value: string;
  readonly min?: number;
  readonly max?: number;
}

export interface StringShape {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  /** In the order DynamoDB prints the set, which is not always the model's order. */
  readonly enum?: readonly string[];
  /** A shape whose constraints apply instead when the value is an ARN (`arn:…`). */
  readonly arn?: string;
}

export interface NumberShape {
  readonly type: 'integer' | 'long' | 'double';
  readonly min?: number;
  readonly max?: number;
}

export interface PlainShape {
  readonly type: 'boolean' | 'blob' | 'timestamp';
}

export type ShapeDef =
  StructureShape | ListShape | MapShape | StringShape | NumberShape | PlainShape;

export interface ShapeTable {
  /** Java package of the service's model classes, as it appears in framework error messages. */
  readonly javaPackage: string;
  /** Operation name → input shape name. */
  readonly operations: Readonly<Record<string, string>>;
  readonly shapes: Readonly<Record<string, ShapeDef>>;
}
