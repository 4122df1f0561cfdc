/** Minimal IPv4 helpers for addresses and overlay subnets; pure. */

/** Parses dotted-quad IPv4 into a 32-bit unsigned number. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats a 32-bit number as dotted quad. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** An IPv4 subnet: its first address and prefix length. */
export type Subnet = { readonly base: number; readonly prefix: number; readonly size: number };

/** Parses `10.5.0.0/16`; the address must be the network address. */
export function parseSubnet(text: string): Subnet | undefined {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const base = parseIpv4(match[1] ?? '');
  const prefix = Number(match[2]);
  if (base === undefined || prefix < 8 || prefix > 30) return undefined;
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { base, prefix, size };
}

/** True when the address lies in the subnet. */
export function inSubnet(subnet: Subnet, address: number): boolean {
  return address >= subnet.base && address < subnet.base + subnet.size;
}

/** True for 127.0.0.0/8, `localhost` and `::1`. */
export function isLoopback(address: string): boolean {
  const value = parseIpv4(address);
  if (value !== undefined) return Math.floor(value / 2 ** 24) === 127;
  return address === 'localhost' || address === '::1';
}

/** True for RFC 1918, link-local, CGNAT and loopback ranges: addresses a cluster may use inside. */
export function isPrivateIpv4(value: number): boolean {
  const a = Math.floor(value / 2 ** 24);
  const b = Math.floor(value / 2 ** 16) % 256;
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}
