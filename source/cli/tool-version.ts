declare const __DDB_SETUP_VERSION__: string;

/** ddb-setup's own version, injected at build time from package.json. */
export const toolVersion: string =
  typeof __DDB_SETUP_VERSION__ === 'string' ? __DDB_SETUP_VERSION__ : '0.0.0-dev';
