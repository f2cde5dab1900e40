// Lambda's event filtering (FilterCriteria): does a stream record match any of the patterns?

/** A record matches when any filter matches; no filters means every record matches. */
export function matchesAnyFilter(record: unknown, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => matchesPattern(record, JSON.parse(pattern) as unknown));
}

/**
 * A pattern is an object whose leaves are lists of matchers; nested objects descend into the
 * record's fields. Every field of the pattern must match (Lambda's AND across fields, OR within).
 */
function matchesPattern(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((matcher) => matchesOne(value, matcher));
  if (pattern === null || typeof pattern !== 'object') return false;
  return Object.entries(pattern).every(([field, sub]) => {
    const inner =
      value !== null && typeof value === 'object'
        ? (value as Record<string, unknown>)[field]
        : undefined;
    if (isExistsMatcher(sub)) return sub[0].exists === (inner !== undefined);
    return inner !== undefined && matchesPattern(inner, sub);
  });
}

function isExistsMatcher(sub: unknown): sub is [{ exists: boolean }] {
  return (
    Array.isArray(sub) &&
    sub.length === 1 &&
    sub[0] !== null &&
    typeof sub[0] === 'object' &&
    'exists' in sub[0]
  );
}

/** One matcher against a value (a list value matches when any element matches). */
function matchesOne(value: unknown, matcher: unknown): boolean {
  if (Array.isArray(value)) return value.some((element) => matchesOne(element, matcher));
  if (matcher === null || typeof matcher !== 'object') return value === matcher;
  const rule = matcher as Record<string, unknown>;
  if ('prefix' in rule) return typeof value === 'string' && value.startsWith(String(rule.prefix));
  if ('suffix' in rule) return typeof value === 'string' && value.endsWith(String(rule.suffix));
  if ('equals-ignore-case' in rule) {
    return (
      typeof value === 'string' &&
      value.toLowerCase() === String(rule['equals-ignore-case']).toLowerCase()
    );
  }
  if ('anything-but' in rule) {
    const excluded = rule['anything-but'];
    return Array.isArray(excluded)
      ? !excluded.some((item) => matchesOne(value, item))
      : !matchesOne(value, excluded);
  }
  if ('numeric' in rule && Array.isArray(rule.numeric)) return matchesNumeric(value, rule.numeric);
  return false;
}

/** `{"numeric": [">", 0, "<=", 5]}`; DynamoDB's N values are strings, so they are converted. */
function matchesNumeric(value: unknown, conditions: readonly unknown[]): boolean {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || Number.isNaN(number)) return false;
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const bound = Number(conditions[i + 1]);
    const ok =
      conditions[i] === '='
        ? number === bound
        : conditions[i] === '<'
          ? number < bound
          : conditions[i] === '<='
            ? number <= bound
            : conditions[i] === '>'
              ? number > bound
              : conditions[i] === '>='
                ? number >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}
