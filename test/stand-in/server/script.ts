/**
 * A parser for the small part of the DolphinDB language that installers and the official tools send
 * (facts §6.1, §6.2 and the official API test code): calls, `[...]` vectors, backquote symbols,
 * juxtaposed number vectors (`mode in 0 4`), `f{args}` partial application, `x.size()`, operators,
 * `select`/`exec … from … where …`, assignments, `try{}catch(ex){}`, `do{}while()`, `if/else`, `go`,
 * and for DFS scripts (dfs-scripts.ts) `a:b` pairs, `1..4` ranges, `expr as name` in arguments and
 * `append!`-style names.
 */
import { ScriptError } from './errors.js';

export type Expr =
  | { t: 'num'; value: number; float: boolean }
  | { t: 'numvec'; values: number[]; float: boolean }
  | { t: 'str'; value: string }
  | { t: 'sym'; values: string[] }
  | { t: 'bool'; value: boolean }
  | { t: 'null' }
  | { t: 'star' }
  | { t: 'ident'; name: string; line: number }
  | { t: 'call'; name: string; args: Expr[]; text: string; line: number }
  | { t: 'partial'; name: string; args: Expr[]; line: number }
  | { t: 'method'; target: Expr; name: string; args: Expr[]; text: string; line: number }
  | { t: 'index'; target: Expr; index: Expr }
  | { t: 'vec'; items: Expr[] }
  /** `expr as name` in an argument list: `table([1, 2] as id)`. */
  | { t: 'alias'; expr: Expr; name: string }
  | { t: 'unary'; op: string; operand: Expr }
  | { t: 'binary'; op: string; left: Expr; right: Expr }
  | {
      t: 'query';
      kind: 'select' | 'exec';
      columns: { expr: Expr; alias: string | undefined }[];
      from: Expr;
      where: Expr[];
    };

export type Stmt =
  | { t: 'expr'; expr: Expr }
  | { t: 'assign'; name: string; expr: Expr }
  | { t: 'try'; body: Stmt[]; name: string; handler: Stmt[] }
  | { t: 'dowhile'; body: Stmt[]; cond: Expr }
  | { t: 'while'; cond: Expr; body: Stmt[] }
  | { t: 'if'; cond: Expr; then: Stmt[]; otherwise: Stmt[] }
  | { t: 'go' };

type Token = {
  kind: 'num' | 'str' | 'sym' | 'ident' | 'op' | 'nl' | 'eof';
  text: string;
  /** For `sym`: the backquoted names of one literal (`a`b`c). */
  symbols?: string[];
  line: number;
  start: number;
  end: number;
  /** Whitespace (not a newline) directly before the token. */
  spaced: boolean;
};

const syntax = (line: number, token: string) =>
  // The server's wording for unknown names (api-cplusplus test StreamReplicator_gtest.cpp expects
  // `Syntax Error: [line #1] Cannot recognize the token <name>`).
  new ScriptError(`Syntax Error: [line #${line}] Cannot recognize the token ${token}`);

const OPERATORS = [
  '..',
  '==',
  '!=',
  '<>',
  '<=',
  '>=',
  '&&',
  '||',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  '.',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  ':',
];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let spaced = false;
  const push = (kind: Token['kind'], text: string, start: number, extra: Partial<Token> = {}) => {
    tokens.push({ kind, text, line, start, end: i, spaced, ...extra });
    spaced = false;
  };
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === '\n') {
      i++;
      push('nl', '\n', i - 1);
      line++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      spaced = true;
      continue;
    }
    if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      for (let k = i; k < stop; k++) if (source[k] === '\n') line++;
      i = stop;
      spaced = true;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c)) {
      // `1..4` is a range: the number stops before `..`.
      while (i < source.length && /[0-9.]/.test(source[i] ?? '') && !source.startsWith('..', i)) i++;
      push('num', source.slice(start, i), start);
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      let text = '';
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\' && i + 1 < source.length) {
          const n = source[i + 1];
          text += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
          i += 2;
        } else text += source[i++];
      }
      if (i >= source.length)
        throw new ScriptError(`Syntax Error: [line #${line}] The string is not closed.`);
      i++;
      push('str', text, start);
      continue;
    }
    if (c === '`') {
      const symbols: string[] = [];
      while (source[i] === '`') {
        i++;
        const s = i;
        while (i < source.length && /[A-Za-z0-9_]/.test(source[i] ?? '')) i++;
        symbols.push(source.slice(s, i));
      }
      push('sym', source.slice(start, i), start, { symbols });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < source.length && /[A-Za-z0-9_]/.test(source[i] ?? '')) i++;
      // Functions that change their argument end with `!` (`append!`); `x!=y` is a comparison.
      if (source[i] === '!' && source[i + 1] !== '=') i++;
      push('ident', source.slice(start, i), start);
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw syntax(line, c);
    i += op.length;
    push('op', op, start);
  }
  tokens.push({ kind: 'eof', text: '', line, start: i, end: i, spaced });
  return tokens;
}

const EOF: Token = { kind: 'eof', text: '', line: 0, start: 0, end: 0, spaced: false };

const KEYWORDS = new Set([
  'select',
  'exec',
  'from',
  'where',
  'and',
  'or',
  'not',
  'in',
  'as',
  'try',
  'catch',
  'do',
  'while',
  'if',
  'else',
]);

class Parser {
  private pos = 0;
  /** Depth of brackets: newlines inside them are not statement separators. */
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private peek(offset = 0): Token {
    let p = this.pos;
    let seen = 0;
    for (;;) {
      const tok = this.tokens[Math.min(p, this.tokens.length - 1)] ?? EOF; // eof is always last
      if (tok.kind === 'nl' && this.depth > 0) {
        p++;
        continue;
      }
      if (seen === offset) return tok;
      seen++;
      p++;
    }
  }

  private next(): Token {
    const tok = this.peek();
    this.pos = this.tokens.indexOf(tok) + 1;
    return tok;
  }

  private isOp(text: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok.kind === 'op' && tok.text === text;
  }

  private isWord(text: string): boolean {
    const tok = this.peek();
    return tok.kind === 'ident' && tok.text === text;
  }

  private expectOp(text: string): Token {
    const tok = this.next();
    if (tok.kind !== 'op' || tok.text !== text) throw syntax(tok.line, tok.text || 'end of script');
    return tok;
  }

  private skipSeparators(): void {
    while (this.peek().kind === 'nl' || this.isOp(';')) this.next();
  }

  program(): Stmt[] {
    const stmts: Stmt[] = [];
    this.skipSeparators();
    while (this.peek().kind !== 'eof') {
      stmts.push(this.statement());
      const tok = this.peek();
      if (tok.kind !== 'eof' && tok.kind !== 'nl' && !(tok.kind === 'op' && tok.text === ';'))
        throw syntax(tok.line, tok.text);
      this.skipSeparators();
    }
    return stmts;
  }

  private block(): Stmt[] {
    if (!this.isOp('{')) return [this.statement()];
    this.next();
    const saved = this.depth;
    this.depth = 0;
    const stmts: Stmt[] = [];
    this.skipSeparators();
    while (!this.isOp('}')) {
      if (this.peek().kind === 'eof') throw syntax(this.peek().line, 'end of script');
      stmts.push(this.statement());
      this.skipSeparators();
    }
    this.next();
    this.depth = saved;
    return stmts;
  }

  private statement(): Stmt {
    const tok = this.peek();
    if (tok.kind === 'ident') {
      if (tok.text === 'go') {
        this.next();
        return { t: 'go' };
      }
      if (tok.text === 'try') {
        this.next();
        const body = this.block();
        if (!this.isWord('catch')) throw syntax(this.peek().line, this.peek().text);
        this.next();
        this.expectOp('(');
        const name = this.next();
        this.expectOp(')');
        return { t: 'try', body, name: name.text, handler: this.block() };
      }
      if (tok.text === 'do') {
        this.next();
        const body = this.block();
        this.skipNewlines();
        if (!this.isWord('while')) throw syntax(this.peek().line, this.peek().text);
        this.next();
        return { t: 'dowhile', body, cond: this.parenthesized() };
      }
      if (tok.text === 'while') {
        this.next();
        const cond = this.parenthesized();
        return { t: 'while', cond, body: this.block() };
      }
      if (tok.text === 'if') {
        this.next();
        const cond = this.parenthesized();
        const then = this.block();
        let otherwise: Stmt[] = [];
        const save = this.pos;
        this.skipSeparators();
        if (this.isWord('else')) {
          this.next();
          otherwise = this.block();
        } else this.pos = save;
        return { t: 'if', cond, then, otherwise };
      }
      if (!KEYWORDS.has(tok.text) && this.isOp('=', 1) && !this.isOp('==', 1)) {
        this.next();
        this.next();
        return { t: 'assign', name: tok.text, expr: this.expression() };
      }
    }
    return { t: 'expr', expr: this.expression() };
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'nl') this.next();
  }

  private parenthesized(): Expr {
    this.expectOp('(');
    this.depth++;
    const e = this.expression();
    this.depth--;
    this.expectOp(')');
    return e;
  }

  expression(): Expr {
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord('or') || this.isOp('||')) {
      this.next();
      left = { t: 'binary', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isWord('and') || this.isOp('&&')) {
      this.next();
      left = { t: 'binary', op: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Expr {
    if (this.isWord('not') || this.isOp('!')) {
      this.next();
      return { t: 'unary', op: 'not', operand: this.not() };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    let left = this.pair();
    for (;;) {
      const tok = this.peek();
      if (tok.kind === 'op' && ['==', '=', '!=', '<>', '<', '>', '<=', '>='].includes(tok.text)) {
        this.next();
        const op = tok.text === '=' ? '==' : tok.text === '<>' ? '!=' : tok.text;
        left = { t: 'binary', op, left, right: this.pair() };
      } else if (this.isWord('in')) {
        this.next();
        left = { t: 'binary', op: 'in', left, right: this.pair() };
      } else if (this.isWord('not') && this.peek(1).kind === 'ident' && this.peek(1).text === 'in') {
        this.next();
        this.next();
        left = { t: 'unary', op: 'not', operand: { t: 'binary', op: 'in', left, right: this.pair() } };
      } else return left;
    }
  }

  /** `a:b` (a pair, as in `table(1:0, …)`) and `a..b` (the integers from a to b). */
  private pair(): Expr {
    const left = this.additive();
    if (this.isOp(':') || this.isOp('..')) {
      const op = this.next().text;
      return { t: 'binary', op, left, right: this.additive() };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text;
      left = { t: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.next().text;
      left = { t: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      this.next();
      return { t: 'unary', op: '-', operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(expr: Expr): Expr {
    const start = this.peek().start;
    for (;;) {
      if (this.isOp('[') && !this.peek().spaced) {
        this.next();
        this.depth++;
        const index = this.expression();
        this.depth--;
        this.expectOp(']');
        expr = { t: 'index', target: expr, index };
      } else if (this.isOp('.') && this.peek(1).kind === 'ident') {
        this.next();
        const name = this.next();
        const args = this.isOp('(') ? this.args('(', ')') : [];
        expr = {
          t: 'method',
          target: expr,
          name: name.text,
          args,
          text: this.textFrom(start),
          line: name.line,
        };
      } else return expr;
    }
  }

  private textFrom(start: number): string {
    const end = this.tokens[this.pos - 1]?.end ?? start;
    return this.source.slice(start, end).trim();
  }

  private args(open: string, close: string): Expr[] {
    this.expectOp(open);
    this.depth++;
    const args: Expr[] = [];
    while (!this.isOp(close)) {
      if (this.isOp('*') && (this.isOp(close, 1) || this.isOp(',', 1))) {
        this.next();
        args.push({ t: 'star' });
      } else {
        const expr = this.expression();
        if (this.isWord('as') && this.peek(1).kind === 'ident') {
          this.next();
          args.push({ t: 'alias', expr, name: this.next().text });
        } else args.push(expr);
      }
      if (!this.isOp(close)) this.expectOp(',');
    }
    this.depth--;
    this.expectOp(close);
    return args;
  }

  private primary(): Expr {
    const tok = this.peek();
    switch (tok.kind) {
      case 'num': {
        this.next();
        const values = [Number(tok.text)];
        let float = tok.text.includes('.');
        // `0 4` is a vector literal (the official test code writes `where mode in 0 4`).
        while (this.peek().kind === 'num' && this.peek().spaced) {
          const n = this.next();
          values.push(Number(n.text));
          float ||= n.text.includes('.');
        }
        if (values.some((v) => Number.isNaN(v))) throw syntax(tok.line, tok.text);
        return values.length === 1
          ? { t: 'num', value: values[0] ?? 0, float }
          : { t: 'numvec', values, float };
      }
      case 'str':
        this.next();
        return { t: 'str', value: tok.text };
      case 'sym':
        this.next();
        return { t: 'sym', values: tok.symbols ?? [] };
      case 'op':
        if (tok.text === '(') {
          this.next();
          this.depth++;
          const first = this.expression();
          if (this.isOp(',')) {
            const items = [first];
            while (this.isOp(',')) {
              this.next();
              items.push(this.expression());
            }
            this.depth--;
            this.expectOp(')');
            return { t: 'vec', items };
          }
          this.depth--;
          this.expectOp(')');
          return first;
        }
        if (tok.text === '[') return { t: 'vec', items: this.args('[', ']') };
        throw syntax(tok.line, tok.text);
      case 'ident': {
        if (tok.text === 'select' || tok.text === 'exec') return this.query();
        if (tok.text === 'true' || tok.text === 'false') {
          this.next();
          return { t: 'bool', value: tok.text === 'true' };
        }
        if (tok.text === 'NULL') {
          this.next();
          return { t: 'null' };
        }
        if (KEYWORDS.has(tok.text)) throw syntax(tok.line, tok.text);
        this.next();
        if (this.isOp('(') && !this.peek().spaced) {
          const args = this.args('(', ')');
          return { t: 'call', name: tok.text, args, text: this.textFrom(tok.start), line: tok.line };
        }
        if (this.isOp('{') && !this.peek().spaced)
          return { t: 'partial', name: tok.text, args: this.args('{', '}'), line: tok.line };
        return { t: 'ident', name: tok.text, line: tok.line };
      }
      default:
        throw syntax(tok.line, tok.text || 'end of script');
    }
  }

  private query(): Expr {
    const kind = this.next().text as 'select' | 'exec';
    this.depth++;
    const columns: { expr: Expr; alias: string | undefined }[] = [];
    for (;;) {
      let expr: Expr;
      if (this.isOp('*')) {
        this.next();
        expr = { t: 'star' };
      } else expr = this.expression();
      let alias: string | undefined;
      if (this.isWord('as')) {
        this.next();
        alias = this.next().text;
      }
      columns.push({ expr, alias });
      if (!this.isOp(',')) break;
      this.next();
    }
    if (!this.isWord('from')) throw syntax(this.peek().line, this.peek().text || 'end of script');
    this.next();
    this.depth--;
    const from = this.postfix(this.primary());
    const where: Expr[] = [];
    if (this.isWord('where')) {
      this.next();
      where.push(this.expression());
      // Commas separate where conditions; inside an argument list a comma ends the query instead.
      while (this.isOp(',') && this.depth === 0) {
        this.next();
        where.push(this.expression());
      }
    }
    return { t: 'query', kind, columns, from, where };
  }
}

export function parse(source: string): Stmt[] {
  return new Parser(tokenize(source), source).program();
}
