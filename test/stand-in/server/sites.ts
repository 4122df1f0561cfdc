/** Sites: `host:port:alias` (facts §2.3) and the agent's `sites` list `host:port:alias:mode` (facts §2.5). */
import { fail } from './errors.js';

export type Mode = 'single' | 'controller' | 'agent' | 'datanode' | 'computenode';
export const MODES: readonly Mode[] = ['single', 'controller', 'agent', 'datanode', 'computenode'];

export type Site = { readonly host: string; readonly port: number; readonly alias: string };
export type ModeSite = Site & { readonly mode: Mode };

export const siteText = (s: Site): string => `${s.host}:${s.port}:${s.alias}`;

/**
 * Parses `host:port:alias`; all three fields are mandatory (facts §2.3). A trailing `,<mode>` is
 * accepted because the official quick compose package has `localSite=10.5.0.2:8710:P1-agent,agent`
 * and runs (facts §8.2).
 */
export function parseSite(text: string, what: string): Site {
  let value = text.trim();
  const comma = value.indexOf(',');
  if (comma >= 0 && MODES.includes(value.slice(comma + 1).trim() as Mode)) value = value.slice(0, comma);
  const parts = value.split(':');
  const [host = '', portText = '', alias = ''] = parts;
  const port = Number(portText);
  if (
    parts.length !== 3 ||
    host === '' ||
    /\s/.test(host) ||
    !/^\d+$/.test(portText) ||
    port < 1 ||
    port > 65535 ||
    !/^[A-Za-z0-9_.-]+$/.test(alias)
  )
    // Stand-in wording: the real message is not documented.
    throw fail(`Invalid ${what} [${text}]. It must be host:port:alias.`);
  return { host, port, alias };
}

/** Parses the agent's `sites` value: comma-separated `host:port:alias:mode` entries. */
export function parseSites(text: string): ModeSite[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((entry) => {
      const cut = entry.lastIndexOf(':');
      const mode = entry.slice(cut + 1) as Mode;
      if (cut < 0 || !MODES.includes(mode))
        throw fail(`Invalid sites entry [${entry}]. It must be host:port:alias:mode.`);
      return { ...parseSite(entry.slice(0, cut), 'sites entry'), mode };
    });
}

/** Loopback and wildcard names all mean this machine (`localhost` is the single-node default). */
export function sameHost(a: string, b: string): boolean {
  const norm = (h: string) => (h === 'localhost' ? '127.0.0.1' : h);
  return norm(a) === norm(b);
}

/** Where to connect for a site's host (`localhost` → IPv4 loopback: facts §6.3 the server is IPv4). */
export const connectHost = (host: string): string => (host === 'localhost' ? '127.0.0.1' : host);
