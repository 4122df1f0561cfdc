import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's config directory for ddb-setup: `DDB_SETUP_CONFIG_DIR` when set (tests, support
 * staff keeping a customer's journals apart), otherwise where `conf` keeps settings.json (its
 * env-paths rule: XDG_CONFIG_HOME or ~/.config on Linux, ~/Library/Preferences on macOS,
 * %APPDATA% on Windows, each with the `-nodejs` suffix), so journals sit beside the settings.
 */
export function configDir(): string {
  const override = process.env['DDB_SETUP_CONFIG_DIR'];
  if (override) return override;
  const name = 'ddb-setup-nodejs';
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Preferences', name);
  if (process.platform === 'win32')
    return join(process.env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), name, 'Config');
  return join(process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), name);
}
