/** The DolphinDB config files a parameter may be written to. */
export type ConfigFile = 'dolphindb.cfg' | 'controller.cfg' | 'agent.cfg' | 'cluster.cfg';

/** Units a numeric parameter is counted in; a value written with another unit is converted in the fix. */
export type Unit = 'GB' | 'MB' | 'KB' | 'days' | 'minutes' | 'seconds' | 'milliseconds';

/** What a list item or a string must look like (beyond being safe on a config line). */
export type TextShape =
  /** a function view, cluster or user name: letters, digits and _ */
  | 'name'
  /** an IP address or domain name */
  | 'host'
  /** `host:port` */
  | 'host-port'
  /** `host:port:alias` */
  | 'site'
  /** an http(s) URL */
  | 'url'
  /** `plugins::mysql`, `system::log::fileLog` */
  | 'module'
  /** `2:NODE1:NODE2:NODE3` */
  | 'raft-group'
  /** `name:2` */
  | 'raft-alias'
  /** `1` or `1-4` */
  | 'core-range'
  /** `dfs://db1` */
  | 'dfs-path'
  /** `file://…` or `s3://…` */
  | 'storage-url'
  /** anything printable that is safe on a config line */
  | 'text';

/** How a parameter's value is read; each kind has one parser in parse-value.ts. */
export type ValueType =
  | {
      readonly kind: 'int' | 'number';
      /** What the number counts, for messages: "worker threads", "GB (0 = no limit)". */
      readonly of: string;
      readonly unit?: Unit;
      readonly min?: number;
      /** true when the minimum itself is not allowed (a positive number). */
      readonly above?: boolean;
      readonly max?: number;
      /** A sensible value to show in a fix. */
      readonly example: string;
    }
  /** true or false (1 and 0 also read as booleans). */
  | { readonly kind: 'boolean' }
  /** 0 or 1, as DolphinDB documents `dataSync`. */
  | { readonly kind: 'flag' }
  /** One of the choices, case-sensitive unless `anyCase`. */
  | { readonly kind: 'enum'; readonly choices: readonly string[]; readonly anyCase?: boolean }
  /** A directory or file; `relative` when DolphinDB also resolves it against its home. */
  | { readonly kind: 'path'; readonly relative?: boolean }
  /** Absolute directories, comma-separated (`volumes`). */
  | { readonly kind: 'paths' }
  /** Items of one shape, comma-separated. */
  | { readonly kind: 'list'; readonly item: TextShape }
  | { readonly kind: 'string'; readonly shape: TextShape };

/** One DolphinDB configuration parameter. */
export type ConfigParameter = {
  readonly name: string;
  readonly type: ValueType;
  /** The files whose processes read it (single node: dolphindb.cfg). */
  readonly files: readonly ConfigFile[];
  /** First server version that reads it. */
  readonly since?: string;
  /** First server version that no longer reads it, and what replaced it. */
  readonly until?: string;
  readonly replacedBy?: string;
  /** A password or access key: the topology file is meant to hold no secrets. */
  readonly secret?: boolean;
};

/** How each unit is named in messages (`maxMemSize is in GB`). */
export const unitNames: Readonly<Record<Unit, string>> = {
  GB: 'GB',
  MB: 'MB',
  KB: 'KB',
  days: 'days',
  minutes: 'minutes',
  seconds: 'seconds',
  milliseconds: 'milliseconds',
};
