import { dateText } from '../deploy/node-api/licence-state.js';
import { plural } from '../model/plural.js';

/** DolphinDB warns in its web console this many days before the licence expires (facts §5). */
export const expiryWarningDays = 15;

/** A node's licence expiry as `getLicenseExpiration()` gives it (a DATE: days since 1970-01-01). */
export type LicenceExpiry = { readonly expires: string; readonly daysLeft: number };

/** The expiry of a DATE, counted from `today`'s calendar date (0 on the last valid day). */
export function licenceExpiry(days: number, today: Date): LicenceExpiry {
  const todayDays = Math.round(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()) / 86_400_000);
  return { expires: dateText(days), daysLeft: days - todayDays };
}

/**
 * The warning `status` prints when a node's licence expires within 15 days or has expired (after
 * expiry a running node stops within 15 days and a restart fails: facts §5); undefined otherwise.
 */
export function expiryWarning(
  nodes: readonly { readonly alias: string; readonly licence: LicenceExpiry | null }[],
): string | undefined {
  const soon = nodes.filter(
    (n): n is { alias: string; licence: LicenceExpiry } =>
      n.licence !== null && n.licence.daysLeft <= expiryWarningDays,
  );
  const first = soon[0]?.licence;
  if (!first) return undefined;
  const when =
    first.daysLeft < 0
      ? `expired on ${first.expires}`
      : first.daysLeft === 0
        ? `expires today (${first.expires})`
        : `expires on ${first.expires}, in ${plural(first.daysLeft, 'day')}`;
  const which = soon.map((n) => n.alias).join(', ');
  return `the licence ${when} (${which}): set server.license to the renewed dolphindb.lic and run deploy, which applies it with updateLicense()`;
}
