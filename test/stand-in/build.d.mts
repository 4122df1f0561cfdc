/** Bundles the stand-in for one DolphinDB version into `outfile` (mode 0755); returns its absolute path. */
export function buildStandIn(options: { version?: string; outfile: string }): Promise<string>;
