/**
 * Runs parsed scripts. Values follow DolphinDB's forms (values.ts); built-in functions come from the
 * node (builtins.ts). Errors raised by a function reach the client as `<call text> => <message>`,
 * the form the server uses (api-java DBConnectionTest.java expects
 * `getGroupList() => Only administrators execute function getGroupList`).
 */
import { ScriptError } from './errors.js';
import { parse, type Expr, type Stmt } from './script.js';
import { PARTITION_TYPES } from './partitions.js';
import {
  T,
  VOID,
  scalar,
  str,
  table,
  typeName,
  vector,
  type Elem,
  type Table,
  type Value,
  type Vector,
} from './values.js';

export type Session = {
  readonly id: string;
  user: string | undefined;
  readonly vars: Map<string, Value>;
};

export interface Functions {
  has(name: string): boolean;
  call(name: string, args: Value[], session: Session): Promise<Value>;
  /** The rows behind a DFS table handle, for `select … from loadTable(…)`. */
  materialize?(value: Value, session: Session): Promise<Value>;
}

/**
 * Names that are constants in DolphinDB: the data types (`INT` is 4, as `[INT, DOUBLE]` in
 * `table(1:0, names, types)` and `[INT, 4]` in a HASH scheme use them) and the partition types.
 */
const CONSTANTS = new Map<string, Value>([
  ...Object.values(T).map((code) => [typeName(code), scalar(T.int, code)] as const),
  ...Object.entries(PARTITION_TYPES).map(([name, code]) => [name, scalar(T.int, code)] as const),
]);

const syntax = (line: number, token: string) =>
  new ScriptError(`Syntax Error: [line #${line}] Cannot recognize the token ${token}`);

export async function runScript(source: string, session: Session, functions: Functions): Promise<Value> {
  const program = parse(source);
  const ev = new Evaluator(session, functions);
  return ev.statements(program);
}

/** The elements of a scalar or vector value. */
export function elems(value: Value): Elem[] {
  if (value.kind === 'scalar') return value.type === T.void ? [null] : [value.value];
  if (value.kind === 'vector') return [...value.values];
  if (value.kind === 'any') return value.values.map((v) => (v.kind === 'scalar' ? v.value : null));
  throw new ScriptError('The argument must be a scalar or a vector.');
}

const isFloatType = (t: number) => t === T.float || t === T.double;
const isStringType = (t: number) => t === T.string || t === T.symbol;

function truthy(e: Elem): boolean {
  if (e === null) return false;
  if (typeof e === 'boolean') return e;
  if (typeof e === 'string') return e !== '';
  return Number(e) !== 0;
}

function typeOf(value: Value): number {
  return value.kind === 'scalar' || value.kind === 'vector' ? value.type : T.any;
}

function equal(a: Elem, b: Elem): boolean {
  if (a === null || b === null) return false;
  if (typeof a === 'string' || typeof b === 'string') return String(a) === String(b);
  const na = typeof a === 'boolean' ? (a ? 1 : 0) : Number(a);
  const nb = typeof b === 'boolean' ? (b ? 1 : 0) : Number(b);
  return na === nb;
}

function compare(a: Elem, b: Elem): number | undefined {
  if (a === null || b === null) return undefined;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const na = typeof a === 'boolean' ? (a ? 1 : 0) : Number(a);
  const nb = typeof b === 'boolean' ? (b ? 1 : 0) : Number(b);
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** A vector literal from scalars: one type when they agree, ANY otherwise. */
export function vectorOf(items: Value[]): Value {
  if (items.length > 0 && items.every((v) => v.kind === 'scalar' && v.type !== T.void)) {
    const types = new Set(items.map(typeOf));
    const only = [...types][0] ?? T.any;
    if (types.size === 1)
      return vector(
        only,
        items.map((v) => (v.kind === 'scalar' ? v.value : null)),
      );
    if ([...types].every((t) => [T.int, T.long, T.short, T.char, T.double, T.float].includes(t as 4)))
      return vector(
        [...types].some(isFloatType) ? T.double : T.long,
        items.map((v) => (v.kind === 'scalar' && v.value !== null ? Number(v.value) : null)),
      );
    if ([...types].every(isStringType))
      return vector(
        T.string,
        items.map((v) => (v.kind === 'scalar' ? v.value : null)),
      );
  }
  return { kind: 'any', values: items };
}

class Evaluator {
  /** Columns visible by name while evaluating a query's where and select parts. */
  private columns: Map<string, Vector> | undefined;

  constructor(
    private readonly session: Session,
    private readonly functions: Functions,
  ) {}

  async statements(stmts: Stmt[]): Promise<Value> {
    let last: Value = VOID;
    for (const stmt of stmts) last = await this.statement(stmt);
    return last;
  }

  private async statement(stmt: Stmt): Promise<Value> {
    switch (stmt.t) {
      case 'go':
        return VOID;
      case 'expr':
        return this.expr(stmt.expr);
      case 'assign':
        this.session.vars.set(stmt.name, await this.expr(stmt.expr));
        return VOID;
      case 'try':
        try {
          await this.statements(stmt.body);
        } catch (error) {
          if (!(error instanceof ScriptError)) throw error;
          this.session.vars.set(stmt.name, str(error.message));
          await this.statements(stmt.handler);
        }
        return VOID;
      case 'dowhile':
        do await this.statements(stmt.body);
        while (await this.condition(stmt.cond));
        return VOID;
      case 'while':
        while (await this.condition(stmt.cond)) await this.statements(stmt.body);
        return VOID;
      case 'if':
        return (await this.condition(stmt.cond))
          ? this.statements(stmt.then)
          : this.statements(stmt.otherwise);
    }
  }

  private async condition(expr: Expr): Promise<boolean> {
    const value = await this.expr(expr);
    const e = elems(value);
    if (e.length !== 1) throw new ScriptError('A condition must be a scalar.');
    return truthy(e[0] ?? null);
  }

  private async expr(expr: Expr): Promise<Value> {
    switch (expr.t) {
      case 'num':
        return expr.float ? scalar(T.double, expr.value) : scalar(T.int, expr.value);
      case 'numvec':
        return vector(expr.float ? T.double : T.int, expr.values);
      case 'str':
        return str(expr.value);
      case 'sym':
        // Backquote names are STRING values (a single one a scalar, several a vector).
        return expr.values.length === 1 ? str(expr.values[0] ?? '') : vector(T.string, expr.values);
      case 'bool':
        return scalar(T.bool, expr.value);
      case 'null':
        return VOID;
      case 'star':
        throw new ScriptError('Syntax Error: [line #1] Cannot recognize the token *');
      case 'ident': {
        const column = this.columns?.get(expr.name);
        if (column) return column;
        const variable = this.session.vars.get(expr.name);
        if (variable) return variable;
        const constant = CONSTANTS.get(expr.name);
        if (constant) return constant;
        if (this.functions.has(expr.name)) return { kind: 'function', name: expr.name, bound: [] };
        throw syntax(expr.line, expr.name);
      }
      case 'partial': {
        if (!this.functions.has(expr.name)) throw syntax(expr.line, expr.name);
        const bound: Value[] = [];
        for (const a of expr.args) bound.push(await this.expr(a));
        return { kind: 'function', name: expr.name, bound };
      }
      case 'call':
        return this.call(expr.name, expr.args, expr.text, expr.line);
      case 'method':
        return this.call(expr.name, [expr.target, ...expr.args], expr.text, expr.line);
      case 'index': {
        const target = await this.expr(expr.target);
        const indexValue = await this.expr(expr.index);
        const index = elems(indexValue);
        if (target.kind === 'vector') {
          const pick = (i: Elem) => (typeof i === 'number' ? (target.values[i] ?? null) : null);
          return indexValue.kind === 'scalar'
            ? scalar(target.type, pick(index[0] ?? null))
            : vector(target.type, index.map(pick));
        }
        if (target.kind === 'any') return target.values[Number(index[0])] ?? VOID;
        throw new ScriptError('Only vectors can be indexed here.');
      }
      case 'vec': {
        const items: Value[] = [];
        for (const item of expr.items) items.push(await this.expr(item));
        return vectorOf(items);
      }
      case 'unary': {
        const operand = await this.expr(expr.operand);
        if (expr.op === 'not') return this.map1(operand, T.bool, (e) => (e === null ? null : !truthy(e)));
        return this.map1(operand, typeOf(operand), (e) => (e === null ? null : -Number(e)));
      }
      case 'binary':
        return this.binary(expr.op, await this.expr(expr.left), await this.expr(expr.right));
      case 'alias':
        return this.expr(expr.expr);
      case 'query':
        return this.query(expr);
    }
  }

  private map1(value: Value, type: number, f: (e: Elem) => Elem): Value {
    if (value.kind === 'scalar') return scalar(type, f(value.value));
    return vector(type, elems(value).map(f));
  }

  private binary(op: string, left: Value, right: Value): Value {
    if (op === ':') return vectorOf([left, right]); // a pair, kept as a two-element vector
    if (op === '..') {
      const [from, to] = [Number(elems(left)[0]), Number(elems(right)[0])];
      const step = from <= to ? 1 : -1;
      const values: number[] = [];
      for (let v = from; step > 0 ? v <= to : v >= to; v += step) values.push(v);
      return vector(T.int, values);
    }
    if (op === 'in') {
      const set = elems(right);
      return this.map1(left, T.bool, (e) => set.some((s) => equal(e, s)));
    }
    const l = elems(left);
    const r = elems(right);
    const vectorResult = left.kind !== 'scalar' || right.kind !== 'scalar';
    const n = Math.max(l.length, r.length);
    if (vectorResult && l.length !== r.length && l.length !== 1 && r.length !== 1)
      throw new ScriptError(`The sizes of the operands of ${op} differ.`);
    const at = (xs: Elem[], i: number) => (xs.length === 1 ? (xs[0] ?? null) : (xs[i] ?? null));
    let type: number;
    let f: (a: Elem, b: Elem) => Elem;
    switch (op) {
      case '==':
        [type, f] = [T.bool, (a, b) => equal(a, b)];
        break;
      case '!=':
        [type, f] = [T.bool, (a, b) => a !== null && b !== null && !equal(a, b)];
        break;
      case '<':
      case '>':
      case '<=':
      case '>=':
        type = T.bool;
        f = (a, b) => {
          const c = compare(a, b);
          if (c === undefined) return false;
          return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
        };
        break;
      case 'and':
        [type, f] = [T.bool, (a, b) => truthy(a) && truthy(b)];
        break;
      case 'or':
        [type, f] = [T.bool, (a, b) => truthy(a) || truthy(b)];
        break;
      default: {
        const lt = typeOf(left);
        const rt = typeOf(right);
        if (op === '+' && (isStringType(lt) || isStringType(rt))) {
          [type, f] = [T.string, (a, b) => (a === null || b === null ? null : String(a) + String(b))];
          break;
        }
        const float = isFloatType(lt) || isFloatType(rt) || op === '/';
        type = float ? T.double : lt === T.long || rt === T.long ? T.long : T.int;
        f = (a, b) => {
          if (a === null || b === null) return null;
          const x = Number(a);
          const y = Number(b);
          const v = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x % y;
          return type === T.long ? BigInt(Math.trunc(v)) : v;
        };
      }
    }
    if (!vectorResult) return scalar(type, f(l[0] ?? null, r[0] ?? null));
    const out: Elem[] = [];
    for (let i = 0; i < n; i++) out.push(f(at(l, i), at(r, i)));
    return vector(type, out);
  }

  private async call(name: string, argExprs: Expr[], text: string, line: number): Promise<Value> {
    // count(*) inside a query counts the selected rows.
    if (name === 'count' && argExprs.length === 1 && argExprs[0]?.t === 'star' && this.columns) {
      const first = [...this.columns.values()][0];
      return scalar(T.int, first?.values.length ?? 0);
    }
    const variable = this.session.vars.get(name);
    if (name === 'table' && !variable && !(argExprs[0]?.t === 'binary' && argExprs[0].op === ':'))
      return this.namedTable(argExprs);
    const target =
      variable?.kind === 'function'
        ? variable
        : this.functions.has(name)
          ? { kind: 'function' as const, name, bound: [] }
          : undefined;
    if (!target) throw syntax(line, name);
    const args: Value[] = [...target.bound];
    for (const a of argExprs) args.push(await this.expr(a));
    try {
      return await this.functions.call(target.name, args, this.session);
    } catch (error) {
      if (
        error instanceof ScriptError &&
        !error.message.includes(' => ') &&
        !error.message.startsWith('Syntax Error')
      )
        throw new ScriptError(`${text} => ${error.message}`);
      throw error;
    }
  }

  /**
   * `table(x, y)` / `table([1, 2] as id, …)`: columns named by their alias or variable name
   * (DolphinDB names unnamed columns the same way).
   */
  private async namedTable(argExprs: Expr[]): Promise<Value> {
    const columns: [string, Vector][] = [];
    for (const [i, a] of argExprs.entries()) {
      const name = a.t === 'alias' ? a.name : a.t === 'ident' ? a.name : `col${i}`;
      const value = await this.expr(a);
      if (value.kind === 'vector') columns.push([name, value]);
      else if (value.kind === 'scalar') columns.push([name, vector(value.type, [value.value])]);
      else throw new ScriptError('The columns of table() must be vectors or scalars.');
    }
    return table(columns);
  }

  private async query(q: Extract<Expr, { t: 'query' }>): Promise<Value> {
    let from = await this.expr(q.from);
    if (from.kind === 'handle' && this.functions.materialize)
      from = await this.functions.materialize(from, this.session);
    if (from.kind !== 'table') throw new ScriptError('The object after from must be a table.');
    const saved = this.columns;
    try {
      this.columns = new Map(from.columns.map(([n, c]) => [n, c]));
      const rows = from.columns[0]?.[1].values.length ?? 0;
      let keep = Array.from({ length: rows }, () => true);
      for (const cond of q.where) {
        const value = await this.expr(cond);
        const e = elems(value);
        keep = keep.map((k, i) => k && truthy((e.length === 1 ? e[0] : e[i]) ?? null));
      }
      const filtered: Table['columns'] = from.columns.map(([n, c]) => [
        n,
        vector(
          c.type,
          c.values.filter((_, i) => keep[i]),
        ),
      ]);
      this.columns = new Map(filtered.map(([n, c]) => [n, c]));
      const selected: [string, Value][] = [];
      for (const [i, column] of q.columns.entries()) {
        if (column.expr.t === 'star') {
          for (const [n, c] of filtered) selected.push([n, c]);
          continue;
        }
        const value = await this.expr(column.expr);
        const name =
          column.alias ??
          (column.expr.t === 'ident'
            ? column.expr.name
            : column.expr.t === 'call'
              ? column.expr.name
              : `col${i}`);
        selected.push([name, value]);
      }
      if (q.kind === 'exec') {
        if (selected.length === 1) return selected[0]?.[1] ?? VOID;
        throw new ScriptError('exec takes one column; use select for several.');
      }
      const length = Math.max(1, ...selected.map(([, v]) => (v.kind === 'vector' ? v.values.length : 1)));
      const keepRows = filtered[0]?.[1].values.length ?? 0;
      return {
        kind: 'table',
        name: '',
        columns: selected.map(([n, v]) => {
          if (v.kind === 'vector') return [n, v] as const;
          const e = v.kind === 'scalar' ? v.value : null;
          const count = selected.some(([, x]) => x.kind === 'vector') ? keepRows : length;
          return [
            n,
            vector(
              typeOf(v),
              Array.from({ length: count }, () => e),
            ),
          ] as const;
        }),
      };
    } finally {
      this.columns = saved;
    }
  }
}
