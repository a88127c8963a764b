import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartPolicy } from '../../src/restartPolicy';

const options = { initialDelayMs: 100, maxDelayMs: 1000, maxConsecutiveCrashes: 5, stableAfterMs: 60_000 };

test('delays double up to the cap, then the policy gives up', () => {
  let now = 0;
  const p = new RestartPolicy(options, () => now);
  const delays: (number | undefined)[] = [];
  for (let i = 0; i < 6; i++) {
    p.started();
    now += 10;
    delays.push(p.crashed());
  }
  assert.deepEqual(delays, [100, 200, 400, 800, 1000, undefined]);
});

test('a run longer than stableAfterMs resets the backoff', () => {
  let now = 0;
  const p = new RestartPolicy(options, () => now);
  p.started();
  assert.equal(p.crashed(), 100);
  p.started();
  assert.equal(p.crashed(), 200);
  p.started();
  now += 60_000;
  assert.equal(p.crashed(), 100);
  assert.equal(p.consecutiveCrashes, 1);
});

test('a crash before the server ever started still counts', () => {
  const p = new RestartPolicy(options, () => 0);
  assert.equal(p.crashed(), 100);
  assert.equal(p.crashed(), 200);
});

test('reset (manual restart) forgets earlier crashes', () => {
  const p = new RestartPolicy(options, () => 0);
  for (let i = 0; i < 5; i++) p.crashed();
  assert.equal(p.crashed(), undefined);
  p.reset();
  assert.equal(p.crashed(), 100);
});
