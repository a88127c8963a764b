import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainingEpoch, TrainingFinding, TrainingSessionDetail } from '../../src/lspExt';
import {
  compareRows, describeEpochs, epochScale, findMetric, formatValue, linePath, metricNames, niceTicks, series, sortFindings,
  stackTimeline, toNumber, valueScale,
} from '../../webview/training/model';

const finding = (rule: string, severity: TrainingFinding['severity'], epochs: number[], key = ''): TrainingFinding => ({
  code: `ML${rule.length}`, rule, title: rule, key, severity, message: `${rule} seen`, epochs, anchor: 'optimizer', location: null,
});
const epoch = (n: number, metrics: TrainingEpoch['metrics']): TrainingEpoch => ({ epoch: n, metrics, lr: 0.01, wallTime: 0 });

test('metric values: numbers pass, the server\'s NaN and infinity strings become numbers', () => {
  assert.equal(toNumber(0.5), 0.5);
  assert.ok(Number.isNaN(toNumber('nan')));
  assert.equal(toNumber('inf'), Infinity);
  assert.equal(toNumber('-inf'), -Infinity);
  assert.equal(toNumber(null), undefined);
  const epochs = [epoch(0, { loss: 2 }), epoch(1, { acc: 0.5 }), epoch(2, { loss: 'nan' })];
  assert.deepEqual(series(epochs, 'loss').map((p) => p.epoch), [0, 2], 'epochs without the metric are skipped');
  assert.equal(findMetric(epochs, metricNames.accuracy), 'acc', 'Keras\' short name is found');
  assert.equal(findMetric(epochs, metricNames.valLoss), undefined);
});

test('nice ticks are round, cover the range and step evenly', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.13, 0.87, 4), [0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(niceTicks(3, 97, 4), [20, 40, 60, 80]);
  assert.deepEqual(niceTicks(2, 2), [2]);
  assert.deepEqual(niceTicks(0, NaN), []);
});

test('value scale: linear over round bounds, the range ends at the domain ends', () => {
  const y = valueScale([0.42, 2.31, NaN, Infinity], [200, 0]);
  assert.equal(y.kind, 'linear');
  assert.ok(y.domain[0] <= 0.42 && y.domain[1] >= 2.31, `domain ${y.domain}`);
  assert.equal(y.map(y.domain[0]), 200);
  assert.equal(y.map(y.domain[1]), 0);
  assert.deepEqual([y.ticks[0], y.ticks[y.ticks.length - 1]], y.domain, 'the edges are labelled');
  const acc = valueScale([0.5, 0.7], [100, 0], { max: 1 });
  assert.equal(acc.domain[1], 1, 'accuracies reach 1');
  const flat = valueScale([3, 3], [100, 0]);
  assert.ok(flat.domain[0] < 3 && flat.domain[1] > 3, 'a constant still gets a visible range');
});

test('value scale: a loss spanning decades goes logarithmic, one decade per tick', () => {
  const y = valueScale([0.01, 0.5, 3, 4000], [100, 0]);
  assert.equal(y.kind, 'log');
  assert.deepEqual(y.domain, [0.01, 10000]);
  assert.deepEqual(y.ticks, [0.01, 0.1, 1, 10, 100, 1000, 10000]);
  assert.ok(Math.abs(y.map(10) - 50) < 1e-9, '10 sits in the middle of 1e-2..1e4');
  assert.equal(valueScale([-1, 5000], [100, 0]).kind, 'linear', 'not with a negative value');
});

test('epoch scale: slots of equal width, the pre-training slot left of the first epoch', () => {
  const x = epochScale([0, 1, 2, 3], [0, 400], false);
  assert.equal(x.band, 100);
  assert.equal(x.x(0), 50);
  assert.equal(x.x(3), 350);
  assert.equal(x.preX, undefined);
  const withPre = epochScale([0, 1, 2, 3], [0, 500], true);
  assert.equal(withPre.preX, 50);
  assert.equal(withPre.x(0), 150, 'epoch 0 moves one slot right');
  const long = epochScale(Array.from({ length: 120 }, (_, i) => i), [0, 600], false);
  assert.ok(long.ticks.length <= 13 && long.ticks.includes(0) && long.ticks.includes(100), `ticks ${long.ticks}`);
});

test('line path: one stroke through finite values, a NaN breaks it', () => {
  const pts = [{ epoch: 0, value: 1 }, { epoch: 1, value: 2 }, { epoch: 2, value: NaN }, { epoch: 3, value: 3 }, { epoch: 4, value: 4 }];
  assert.equal(linePath(pts, (e) => e * 10, (v) => v), 'M0.0,1.0L10.0,2.0M30.0,3.0L40.0,4.0');
  assert.equal(linePath([{ epoch: 0, value: Infinity }], (e) => e, (v) => v), '');
});

test('timeline: findings stack per epoch; pre-training and input findings go below the axis', () => {
  const findings = [
    finding('nan-loss', 'critical', [2, 3]),
    finding('overfitting', 'warning', [3, 4]),
    finding('input-not-normalized', 'error', [0, 1, 2, 3]),
    finding('scheduler-before-optimizer-step', 'warning', []),
  ];
  const t = stackTimeline(findings);
  const at = (epoch: number | 'pre', below: boolean) =>
    t.cells.filter((c) => c.epoch === epoch && c.below === below).map((c) => [c.finding, c.level]);
  assert.deepEqual(at(3, false), [[0, 0], [1, 1]], 'epoch 3: nan-loss next to the axis, overfitting on top');
  assert.deepEqual(at(4, false), [[1, 0]], 'a stack has no holes: overfitting alone sits on the axis');
  assert.deepEqual(at(3, true), [[2, 0]], 'the input check is below the axis');
  assert.deepEqual(at('pre', true), [[3, 0]], 'a finding without epochs goes to the before-training slot');
  assert.equal(t.above, 2);
  assert.equal(t.below, 1);
  assert.ok(t.hasPre);
  assert.equal(t.cells.length, 2 + 2 + 4 + 1);
  assert.equal(stackTimeline([finding('nan-loss', 'critical', [1])]).hasPre, false);
});

test('findings: most severe first, then the earliest, pre-training before epoch 0', () => {
  const sorted = sortFindings([
    finding('overfitting', 'warning', [5]),
    finding('lr-out-of-range', 'error', [3]),
    finding('scheduler-before-optimizer-step', 'warning', []),
    finding('nan-loss', 'critical', [7]),
    finding('loss-diverging', 'error', [1]),
  ]);
  assert.deepEqual(sorted.map((f) => f.rule),
    ['nan-loss', 'loss-diverging', 'lr-out-of-range', 'scheduler-before-optimizer-step', 'overfitting']);
});

test('epochs and values read like a person wrote them', () => {
  assert.equal(describeEpochs([]), 'before training');
  assert.equal(describeEpochs([4]), 'epoch 4');
  assert.equal(describeEpochs([2, 3, 4, 7, 9, 10]), 'epochs 2–4, 7, 9–10');
  assert.equal(formatValue(0.123456), '0.123');
  assert.equal(formatValue(1234.5), '1230');
  assert.equal(formatValue(0.00001234), '1.23e-5');
  assert.equal(formatValue(NaN), 'NaN');
  assert.equal(formatValue(-Infinity), '−Inf');
  assert.equal(formatValue(undefined), '–');
});

test('comparison rows: last and best value per session, only metrics someone logged', () => {
  const session = (id: number, epochs: TrainingEpoch[]) => ({ id, name: `s${id}`, epochList: epochs, findingList: [] }) as unknown as TrainingSessionDetail;
  const a = session(1, [epoch(0, { loss: 1, val_loss: 1.2 }), epoch(1, { loss: 0.5, val_loss: 0.9 }), epoch(2, { loss: 0.3, val_loss: 1.1 })]);
  const b = session(2, [epoch(0, { loss: 2, accuracy: 0.4 }), epoch(1, { loss: 'nan', accuracy: 0.6 })]);
  const rows = compareRows([a, b]);
  assert.deepEqual(rows.map((r) => r.label), ['training loss', 'validation loss', 'training accuracy']);
  const val = rows[1].values;
  assert.equal(val[0].last, 1.1);
  assert.deepEqual(val[0].best, { epoch: 1, value: 0.9 }, 'the lowest validation loss');
  assert.deepEqual(val[1], {}, 'b logged no validation loss');
  assert.ok(Number.isNaN(rows[0].values[1].last), 'b\'s last loss is NaN');
  assert.deepEqual(rows[0].values[1].best, { epoch: 0, value: 2 }, 'NaN is never the best');
  assert.deepEqual(rows[2].values[1].best, { epoch: 1, value: 0.6 }, 'the highest accuracy');
});
