/**
 * Removes secrets from a file's text before it goes into a support bundle. Pure: the bundle is on
 * disk and is sent to others, so everything `collect` writes passes through here first.
 */

/** What was removed: a password, a licence's signature, a private key, a swarm join token, a token. */
export type RedactionKind =
  'password' | 'licence-signature' | 'private-key' | 'swarm-token' | 'token' | 'known-secret';

/** One redaction: the bundle file, the line (1-based; `toLine` when it spans several). */
export type Redaction = {
  readonly file: string;
  readonly line: number;
  readonly toLine?: number;
  readonly kind: RedactionKind;
};

export type Redacted = { readonly text: string; readonly redactions: readonly Redaction[] };

export const redactedMark = '[redacted]';

/** A licence file (`dolphindb.lic`, the package's own kept as `dolphindb.lic.package`). */
export function isLicenceFile(path: string): boolean {
  return /\.lic(\.package)?$/i.test(path);
}

// Keys whose values are secrets: `password=…`, `"adminPassword": "…"`, `DDB_ADMIN_PASSWORD=…`,
// `pwd: …`, `token=…`, `secret …`. The value is quoted (either quote) or runs to a separator.
const secretKey = String.raw`[\w.-]*(?:password|passwd|pwd|token|secret)[\w.-]*`;
const keyValue = new RegExp(
  // The first alternative is a value quoted inside a JSON string (the journal's `\"…\"`).
  String.raw`(["']?${secretKey}(?:\\?["'])?\s*[:=]\s*)(\\"(?:[^"\\]|\\[^"])*\\"|"(?:\\.|[^"\\])*"|'[^']*'|[^\s"',;}&)\\]+)`,
  'gi',
);
// DolphinDB script text: login("admin", "…") / login(`admin, `…)? Only the quoted forms exist in scripts.
const loginCall = /(\blogin\s*\(\s*(["'])(?:\\.|(?!\2).)*\2\s*,\s*)(["'])((?:\\.|(?!\3).)*)\3/gi;
const swarmToken = /SWMTKN-[0-9A-Za-z-]+/g;
const keyBegin = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const keyEnd = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;
/** Values a secret-named key may hold that are not secrets (status JSON's `defaultAdminPassword: false`). */
const notSecret = /^["']?(true|false|null|\[redacted\])["']?$/i;

/**
 * The text with every secret replaced by `[redacted]` and where each was. `secrets` are strings
 * known to be secret wherever they appear (the SSH password given with --password-stdin, the
 * administrator password); ones shorter than 4 characters are ignored, as they would redact
 * ordinary words. A licence (by its file name) keeps its first line, the terms, and loses the
 * signature lines after it (facts §5).
 */
export function redact(file: string, text: string, secrets: readonly string[] = []): Redacted {
  const redactions: Redaction[] = [];
  const note = (line: number, kind: RedactionKind) => redactions.push({ file, line, kind });
  const known = [...new Set(secrets.filter((secret) => secret.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  const lines = text.split('\n');
  const licence = isLicenceFile(file);
  let inKey = false;
  const out = lines.map((original, index) => {
    const number = index + 1;
    if (licence && index > 0 && original.trim() !== '') {
      const last = redactions.at(-1);
      // One entry per signature, however many lines it has.
      if (last?.kind === 'licence-signature' && (last.toLine ?? last.line) === index)
        redactions[redactions.length - 1] = { ...last, toLine: number };
      else note(number, 'licence-signature');
      return `${redactedMark} licence signature`;
    }
    if (inKey || keyBegin.test(original)) {
      if (!inKey) note(number, 'private-key');
      inKey = !keyEnd.test(original);
      return `${redactedMark} private key`;
    }
    let line = original;
    for (const secret of known)
      if (line.includes(secret)) {
        line = line.split(secret).join(redactedMark);
        note(number, 'known-secret');
      }
    line = line.replace(swarmToken, () => {
      note(number, 'swarm-token');
      return redactedMark;
    });
    line = line.replace(loginCall, (_match, head: string, _q1: string, quote: string) => {
      note(number, 'password');
      return `${head}${quote}${redactedMark}${quote}`;
    });
    line = line.replace(keyValue, (match, head: string, value: string) => {
      if (notSecret.test(value) || value.includes(redactedMark)) return match;
      note(number, /token/i.test(head) ? 'token' : 'password');
      const quote = value.startsWith('\\"')
        ? '\\"'
        : value.startsWith('"') || value.startsWith("'")
          ? value[0]
          : '';
      return `${head}${quote}${redactedMark}${quote}`;
    });
    return line;
  });
  return { text: out.join('\n'), redactions };
}
