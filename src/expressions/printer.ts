// Prints a parsed AST back to expression text such that parsing the text gives the same AST.

import type {
  ParsedCondition,
  ParsedOperand,
  ParsedPath,
  ParsedProjection,
  ParsedUpdate,
} from './ast.js';

export function printPath(path: ParsedPath): string {
  let text = '';
  for (const step of path.steps) {
    if (step.type === 'index') text += `[${step.index}]`;
    else text += `${text === '' ? '' : '.'}${step.type === 'name' ? step.name : step.ref}`;
  }
  return text;
}

export function printOperand(operand: ParsedOperand): string {
  switch (operand.type) {
    case 'path':
      return printPath(operand.path);
    case 'value':
      return operand.value;
    case 'call':
      return `${operand.name}(${operand.args.map(printOperand).join(', ')})`;
    case 'arithmetic':
      return `${printOperand(operand.left)} ${operand.op} ${printOperand(operand.right)}`;
  }
}

/** Logical children are parenthesised once (never twice: DynamoDB rejects redundant parentheses). */
function printChild(node: ParsedCondition): string {
  const text = printCondition(node);
  return node.type === 'and' || node.type === 'or' ? `(${text})` : text;
}

export function printCondition(node: ParsedCondition): string {
  switch (node.type) {
    case 'and':
      return `${printChild(node.left)} AND ${printChild(node.right)}`;
    case 'or':
      return `${printChild(node.left)} OR ${printChild(node.right)}`;
    case 'not':
      return `NOT ${printChild(node.operand)}`;
    case 'compare':
      return `${printOperand(node.left)} ${node.op} ${printOperand(node.right)}`;
    case 'between':
      return `${printOperand(node.operand)} BETWEEN ${printOperand(node.low)} AND ${printOperand(node.high)}`;
    case 'in':
      return `${printOperand(node.operand)} IN (${node.list.map(printOperand).join(', ')})`;
    case 'call':
      return `${node.name}(${node.args.map(printOperand).join(', ')})`;
  }
}

export function printUpdate(node: ParsedUpdate): string {
  return node.clauses
    .map((clause) => {
      if (clause.type === 'REMOVE') return `REMOVE ${clause.paths.map(printPath).join(', ')}`;
      const separator = clause.type === 'SET' ? ' = ' : ' ';
      const actions = clause.actions.map(
        (action) => `${printPath(action.path)}${separator}${printOperand(action.value)}`,
      );
      return `${clause.type} ${actions.join(', ')}`;
    })
    .join(' ');
}

export function printProjection(paths: ParsedProjection): string {
  return paths.map(printPath).join(', ');
}
