// A leveled one-line logger to stderr; below the configured level a call costs one comparison.

import type { LogLevel } from '../config/server-config.js';

const RANK: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  readonly level: LogLevel;
  enabled(level: LogLevel): boolean;
  log(level: LogLevel, message: string): void;
}

export function createLogger(
  level: LogLevel,
  write = (line: string) => process.stderr.write(line),
): Logger {
  return {
    level,
    enabled: (at) => RANK[at] <= RANK[level],
    log(at, message) {
      if (RANK[at] > RANK[level]) return;
      // One line per entry, so stacks and multi-line messages stay greppable.
      write(
        `${new Date().toISOString()} ${at.toUpperCase()} ${message.replace(/\n\s*/g, ' | ')}\n`,
      );
    },
  };
}
