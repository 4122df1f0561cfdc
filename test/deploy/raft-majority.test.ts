import { describe, expect, it } from 'vitest';
import { majorityWithout } from '../../source/deploy/node-api/raft-majority.js';

const three = ['controller1', 'controller2', 'controller3'];

describe('majorityWithout', () => {
  it('keeps a majority of three when the two others are alive', () => {
    expect(majorityWithout(three, new Set(three), 'controller2')).toEqual({
      remains: true,
      others: 2,
      needed: 2,
    });
  });

  it('refuses when another controller is already down', () => {
    expect(majorityWithout(three, new Set(['controller1', 'controller2']), 'controller2').remains).toBe(
      false,
    );
  });

  it('allows restarting the one controller that is down itself', () => {
    expect(majorityWithout(three, new Set(['controller1', 'controller3']), 'controller2').remains).toBe(true);
  });

  it('needs three others of five', () => {
    const five = [...three, 'controller4', 'controller5'];
    expect(majorityWithout(five, new Set(five.slice(0, 4)), 'controller1')).toEqual({
      remains: true,
      others: 3,
      needed: 3,
    });
    expect(majorityWithout(five, new Set(five.slice(0, 3)), 'controller1').remains).toBe(false);
  });
});
