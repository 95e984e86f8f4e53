/**
 * Calendar benchmark: `npm run bench:calendar`. Prints the figure beside its target; it does not pass or
 * fail. 10,000 deadlines of 30 working days on the Vietnamese calendar (holidays, Tết, working hours), from
 * instants ten minutes apart [target: 10,000 in under a second], beside the same count of plain date
 * arithmetic (adding 30 days) as this machine's floor in the same run.
 */
import { performance } from 'node:perf_hooks';
import { vietnameseCalendar } from '../src/index';

const RUNS = 5;
const N = 10_000;
const calendar = vietnameseCalendar();
const start = Date.parse('2025-01-02T10:00:00+07:00');

function time(work: () => number): number[] {
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r += 1) {
    const began = performance.now();
    const sink = work();
    runs.push(performance.now() - began);
    if (!Number.isFinite(sink)) throw new Error('no result');
  }
  return runs.sort((a, b) => a - b);
}

const deadlines = time(() => {
  let last = 0;
  for (let i = 0; i < N; i += 1)
    last = calendar.deadline(start + i * 600_000, { unit: 'workingDays', amount: 30 });
  return last;
});
const floor = time(() => {
  let last = 0;
  for (let i = 0; i < N; i += 1) last = new Date(start + i * 600_000 + 30 * 86_400_000).getTime();
  return last;
});
const median = (runs: number[]) => runs[Math.floor(runs.length / 2)]!;
console.log(`${N.toLocaleString('en')} deadlines of 30 working days, median of ${RUNS} runs:`);
console.log(`  Vietnamese calendar  ${median(deadlines).toFixed(1)} ms  [target < 1,000 ms]`);
console.log(
  `  plain date arithmetic (floor) ${median(floor).toFixed(2)} ms; the calendar is ${(median(deadlines) / median(floor)).toFixed(0)}× the floor`,
);
