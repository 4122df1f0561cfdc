/** What restarting one controller of a Raft group would leave (facts §2.5: it tolerates less than half down). */
export type MajorityCheck = {
  readonly remains: boolean;
  /** The other controllers alive. */
  readonly others: number;
  /** How many a majority of the group is. */
  readonly needed: number;
};

/**
 * Whether the group keeps a majority while `leaving` is down: the controllers other than it that
 * are alive must be a majority of all of them (the group's size does not shrink when one stops).
 */
export function majorityWithout(
  controllers: readonly string[],
  alive: ReadonlySet<string>,
  leaving: string,
): MajorityCheck {
  const needed = Math.floor(controllers.length / 2) + 1;
  const others = controllers.filter((alias) => alias !== leaving && alive.has(alias)).length;
  return { remains: others >= needed, others, needed };
}
