/**
 * `npm run bundle:report`: what the Worker bundle is made of, and what it
 * costs an isolate to start.
 *
 * Builds the Worker exactly as deployed (`wrangler deploy --dry-run`: minified,
 * zod and `#examples`, stubbed, through wrangler.toml's `[alias]`) into a
 * temporary directory, then prints
 *  - each package's and each top folder of src/'s minified bytes in the output
 *    (esbuild's metafile), with an estimate of its share of the gzipped bundle;
 *  - the bundle's total size, minified and gzipped, against the 250 KiB budget
 *    (DESIGN.md section 6, which `.ci/run` enforces);
 *  - the CPU time of the bundle's top-level evaluation in `wrangler check
 *    startup` profiles (workerd on this machine), and where that time goes.
 *
 * Options: --runs N (start-up profiles, default 5),
 *          --keep (keep the temporary directory: its .cpuprofile files open
 *          in Chrome DevTools or VS Code as flame graphs)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { constants, gzipSync } from 'node:zlib';
import { wranglerBin } from './wrangler-dev.ts';

const BUDGET_KIB = 250;
const KIB = 1024;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOP_SELF_TIME_ENTRIES = 8;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${values.runs}`);

/** Runs wrangler from the project root with this project's Node; its output is shown only when it fails. */
function wrangler(args: string[]): void {
  const result = spawnSync(process.execPath, [wranglerBin(), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status === 0) return;
  process.stderr.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  const reason = result.error?.message ?? (result.signal ? `signal ${result.signal}` : `exit code ${result.status}`);
  throw new Error(`wrangler ${args.slice(0, 2).join(' ')} failed: ${reason}`);
}

// ---------------------------------------------------------------- what the bundle holds

interface Metafile {
  outputs: Record<string, { bytes: number; entryPoint?: string; inputs: Record<string, { bytesInOutput: number }> }>;
}

interface SourceMap {
  sources: string[];
  sourceRoot?: string;
  mappings: string;
}

/** Output bytes esbuild wrote itself (its runtime helpers, the export statement, license comments): in no input. */
const GLUE = '(bundler glue)';

/**
 * The group a bundled file counts under: its package (`node_modules/<pkg>` or
 * `node_modules/@scope/pkg`, after the last node_modules: esbuild sees through
 * the symlinked node_modules of a worktree), or for the project's own code its
 * top folder under src/ (`src` alone for a file directly in it).
 */
function groupOf(file: string): string {
  const parts = file.split(/[\\/]/);
  const packageAt = parts.lastIndexOf('node_modules');
  if (packageAt >= 0) {
    return parts.slice(packageAt + 1, packageAt + (parts[packageAt + 1]?.startsWith('@') ? 3 : 2)).join('/');
  }
  const inProject = relative(ROOT, file).split(sep);
  if (inProject[0] === 'src') return inProject.length > 2 ? `src/${inProject[1]}` : 'src';
  return inProject.join('/');
}

/** A bundled file for people: its path after node_modules/, or in the project. */
function displayPath(file: string): string {
  const packageAt = file.lastIndexOf(`node_modules${sep}`);
  return packageAt >= 0 ? file.slice(packageAt + 'node_modules/'.length) : relative(ROOT, file);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * One source map segment: from `column` (UTF-16 units) of its output line on,
 * byte `offset` of the output, the output came from line `line` (0-based) of
 * `source` (-1: from no source).
 */
interface Segment {
  column: number;
  offset: number;
  source: number;
  line: number;
}

/** A source map's `mappings`, decoded: the segments of each output line, in column order. */
function decodeMappings(mappings: string): Segment[][] {
  // The source fields are deltas across the whole map, the output column a delta within its line; the
  // source column (fields[3]) is not needed here.
  let source = 0;
  let line = 0;
  return mappings.split(';').map((text) => {
    let outputColumn = 0;
    const segments: Segment[] = [];
    for (const field of text.split(',')) {
      if (field === '') continue;
      const fields = decodeVlq(field);
      outputColumn += fields[0]!;
      if (fields.length < 4) {
        segments.push({ column: outputColumn, offset: 0, source: -1, line: -1 });
        continue;
      }
      source += fields[1]!;
      line += fields[2]!;
      segments.push({ column: outputColumn, offset: 0, source, line });
    }
    return segments;
  });
}

/** The numbers of one base64 VLQ field. */
function decodeVlq(field: string): number[] {
  const numbers: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of field) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    numbers.push(value % 2 ? -(value - 1) / 2 : value / 2);
    value = 0;
    shift = 0;
  }
  return numbers;
}

/** One input's bytes in the output: [start, end). */
interface InputSpan {
  file: string;
  start: number;
  end: number;
}

/**
 * The output and what made it, to tell which input each byte (or profiled
 * function) came from.
 *
 * The source map says it for most bytes, but a package that ships source
 * maps of its own (drizzle-orm) is mapped to its TypeScript sources, which
 * are not in node_modules and whose paths name no package. For those bytes
 * `spans` stands in: the metafile lists the output's inputs in the order of
 * their code in it, back to back after esbuild's runtime helpers (whose
 * length is where most inputs' first mapped bytes say the first input
 * starts). esbuild moves a few declarations (namespace objects) ahead of
 * the code they are counted with, so the layout is trusted when nine in ten
 * of the inputs the map names start within 64 bytes of where it says;
 * otherwise `spans` is undefined.
 */
interface Layout {
  code: Buffer;
  /** Each output line's text and the byte offset where it starts. */
  lines: { text: string; start: number }[];
  segments: Segment[][];
  /** The source map's sources, as absolute paths, and which of them are inputs of the metafile. */
  sources: string[];
  inputs: Set<string>;
  spans: InputSpan[] | undefined;
}

function readLayout(outputFile: string, inputs: Record<string, { bytesInOutput: number }>): Layout {
  const code = readFileSync(outputFile);
  let position = 0;
  const lines = code
    .toString('utf8')
    .split('\n')
    .map((text) => {
      const line = { text, start: position };
      position += Buffer.byteLength(text) + 1;
      return line;
    });
  const map = JSON.parse(readFileSync(`${outputFile}.map`, 'utf8')) as SourceMap;
  const sourceDir = resolve(dirname(outputFile), map.sourceRoot ?? '');
  const sources = map.sources.map((source) => resolve(sourceDir, source));
  const segments = decodeMappings(map.mappings);
  const firstByte = new Map<string, number>();
  segments.forEach((line, index) => {
    const { text, start } = lines[index] ?? { text: '', start: position };
    let offset = start;
    let column = 0;
    for (const segment of line) {
      offset += Buffer.byteLength(text.slice(column, segment.column));
      column = segment.column;
      segment.offset = offset;
      const file = sources[segment.source];
      if (file !== undefined && !firstByte.has(file)) firstByte.set(file, offset);
    }
  });

  const spans: InputSpan[] = [];
  let end = 0;
  for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
    if (bytesInOutput > 0) spans.push({ file: resolve(ROOT, input), start: end, end: end + bytesInOutput });
    end += bytesInOutput;
  }
  const offsets = spans.flatMap((span) => {
    const first = firstByte.get(span.file);
    return first === undefined ? [] : [first - span.start];
  });
  const votes = new Map<number, number>();
  for (const offset of offsets) votes.set(offset, (votes.get(offset) ?? 0) + 1);
  const header = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const agreeing = offsets.filter((offset) => Math.abs(offset - header) <= 64).length;
  const trusted = offsets.length > 0 && agreeing >= 0.9 * offsets.length;
  return {
    code,
    lines,
    segments,
    sources,
    inputs: new Set(Object.keys(inputs).map((input) => resolve(ROOT, input))),
    spans: trusted ? spans.map((span) => ({ ...span, start: span.start + header, end: span.end + header })) : undefined,
  };
}

/**
 * The input that the output's byte `offset` came from: the source map's
 * source for it when that is an input, else the input whose span holds it;
 * undefined for esbuild's own bytes (or without a trusted layout).
 */
function inputAt(layout: Layout, offset: number, segment: Segment | undefined): string | undefined {
  const mapped = segment ? layout.sources[segment.source] : undefined;
  if (mapped !== undefined && layout.inputs.has(mapped)) return mapped;
  const spans = layout.spans ?? [];
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const span = spans[middle]!;
    if (offset < span.start) high = middle - 1;
    else if (offset >= span.end) low = middle + 1;
    else return span.file;
  }
  return undefined;
}

/** The input that output line `line`, column `column` (0-based, as V8 reports them) came from, and the map's segment there. */
function inputAtPosition(layout: Layout, line: number, column: number) {
  const { text, start } = layout.lines[line] ?? { text: '', start: 0 };
  let segment: Segment | undefined;
  for (const candidate of layout.segments[line] ?? []) {
    if (candidate.column > column) break;
    segment = candidate;
  }
  return { file: inputAt(layout, start + Buffer.byteLength(text.slice(0, column)), segment), segment };
}

/** Where output line `line`, column `column` came from, for people: an input, and its line when the map knows it. */
function originOf(layout: Layout, line: number, column: number): string | undefined {
  const { file, segment } = inputAtPosition(layout, line, column);
  if (file === undefined) return undefined;
  return segment && layout.sources[segment.source] === file
    ? `${displayPath(file)}:${segment.line + 1}`
    : displayPath(file);
}

/**
 * Each group's share of the gzipped bundle, estimated: each group's bytes of
 * the minified output (by inputAt), concatenated and gzipped on their own, as
 * a share of the sum of those sizes. A group compressed alone loses what it
 * would have shared with the rest of the bundle (the sum exceeds the real
 * total by a few per cent), but these are the group's real minified bytes,
 * not its minified share carried over, which is the answer only without a
 * trusted layout (drizzle-orm's bytes could not be told from the rest).
 */
function gzipShares(layout: Layout, minifiedBytes: Map<string, number>): Map<string, number> {
  const total = (sizes: Map<string, number>) => [...sizes.values()].reduce((sum, size) => sum + size, 0);
  if (!layout.spans) return new Map([...minifiedBytes].map(([group, bytes]) => [group, bytes / total(minifiedBytes)]));
  const parts = new Map<string, Buffer[]>();
  let group = GLUE;
  let from = 0;
  // Cuts the output where its group changes: at the segments, and where a line starts before its first segment.
  const cut = (offset: number, next: string) => {
    if (next === group) return;
    const list = parts.get(group) ?? [];
    list.push(layout.code.subarray(from, offset));
    parts.set(group, list);
    group = next;
    from = offset;
  };
  const groupAt = (offset: number, segment?: Segment) => {
    const file = inputAt(layout, offset, segment);
    return file === undefined ? GLUE : groupOf(file);
  };
  layout.lines.forEach(({ start }, index) => {
    cut(start, groupAt(start));
    for (const segment of layout.segments[index] ?? []) cut(segment.offset, groupAt(segment.offset, segment));
  });
  cut(layout.code.length, '');
  const sizes = new Map([...parts].map(([name, list]) => [name, gzipSync(Buffer.concat(list), { level: 9 }).length]));
  return new Map([...sizes].map(([name, size]) => [name, size / total(sizes)]));
}

// ---------------------------------------------------------------- what it costs to start

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self time of one call frame, and who called it: the nearest function of the bundle below it on the stack. */
interface SelfTime {
  frame: CallFrame;
  us: number;
  callers: Map<string, { frame: CallFrame; us: number }>;
}

interface Evaluation {
  file: string;
  /** CPU time of the top-level evaluation, in microseconds. */
  cpuUs: number;
  /** Self time per call frame, keyed by frameKey. */
  selfTimes: Map<string, SelfTime>;
}

const frameKey = (frame: CallFrame) => `${frame.functionName}|${frame.url}|${frame.lineNumber}|${frame.columnNumber}`;

/**
 * The bundle's top-level evaluation in one start-up profile, and its CPU time.
 *
 * What a profile holds (wrangler profiles a fetch whose handler imports the
 * bundle, from `Profiler.start` to `Profiler.stop`): top-level frames
 * `(idle)`, the bundle's module (its url ends in the main module's name, at
 * line -1: its top level), `(garbage collector)`, `(program)` (V8 and
 * runtime work with no JS frame of its own), and the runtime's own modules
 * (`node-internal:...`, which also appear under the bundle's frames when it
 * touches `process` or `Buffer`). The samples under the bundle form one run
 * with no idle sample inside, about 1 ms apart; before and after it the
 * isolate is idle or not sampled at all, with gaps of 10 to 70 ms.
 *
 * The definition: the evaluation is the samples from the first one under the
 * bundle's module to the last, GC, `(program)` and runtime samples among them
 * included (work the evaluation caused: its allocation, compilation of the
 * functions it calls, the runtime modules it pulls in). A sample counts the
 * time since the previous sample (V8's timeDeltas), except the first: what
 * comes before it is an unsampled gap that a trivial Worker shows as well
 * (the harness, not this bundle), so it counts one median sampling interval.
 * Idle samples would count nothing. Compiling the script appears to happen
 * when workerd loads the Worker, before the profile starts (a Worker of
 * 600 KB of unused functions shows no compile samples), so it is not here.
 */
function evaluationOf(file: string, profile: CpuProfile, isBundle: (frame: CallFrame) => boolean): Evaluation {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  // For each node: whether it is at or under the bundle's module, and its nearest bundle function (line >= 0).
  const underBundle = new Set<number>();
  const bundleCaller = new Map<number, CallFrame>();
  const walk = (id: number, inside: boolean, caller: CallFrame | undefined) => {
    const node = nodes.get(id)!;
    const here = inside || isBundle(node.callFrame);
    if (here) underBundle.add(id);
    if (caller) bundleCaller.set(id, caller);
    const next = isBundle(node.callFrame) && node.callFrame.lineNumber >= 0 ? node.callFrame : caller;
    for (const child of node.children ?? []) walk(child, here, next);
  };
  walk(profile.nodes[0]!.id, false, undefined);

  const first = profile.samples.findIndex((id) => underBundle.has(id));
  const last = profile.samples.findLastIndex((id) => underBundle.has(id));
  if (first < 0) throw new Error(`${file}: no sample of the bundle's evaluation (${profile.samples.length} samples)`);
  const intervals = profile.timeDeltas.slice(first + 1, last + 1).sort((a, b) => a - b);
  const sampleInterval = intervals[Math.floor(intervals.length / 2)] ?? 1000;

  let cpuUs = 0;
  const selfTimes = new Map<string, SelfTime>();
  for (let index = first; index <= last; index++) {
    const id = profile.samples[index]!;
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    const us = index === first ? sampleInterval : profile.timeDeltas[index]!;
    cpuUs += us;
    const self = selfTimes.get(frameKey(frame)) ?? { frame, us: 0, callers: new Map() };
    self.us += us;
    selfTimes.set(frameKey(frame), self);
    const caller = bundleCaller.get(id);
    if (caller && !isBundle(frame)) {
      const entry = self.callers.get(frameKey(caller)) ?? { frame: caller, us: 0 };
      entry.us += us;
      self.callers.set(frameKey(caller), entry);
    }
  }
  return { file, cpuUs, selfTimes };
}

/** Where a function of the bundle came from: its input (and line, when the source map says), then where it is in the bundle. */
function bundleLocation(frame: CallFrame, layout: Layout, mainModule: string): string {
  const minified = `${mainModule}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
  const origin = originOf(layout, frame.lineNumber, frame.columnNumber);
  if (origin) return `${origin} (${minified})`;
  return layout.spans ? `${minified}, esbuild's own runtime helpers` : minified;
}

/** A self-time entry for people: the function's name, and where it is or, for the runtime's, which bundle code called it. */
function describe(self: SelfTime, layout: Layout, isBundle: (frame: CallFrame) => boolean, mainModule: string) {
  const { frame } = self;
  if (isBundle(frame)) {
    if (frame.lineNumber < 0)
      return { name: '(module top level)', where: 'the top-level statements of every bundled module' };
    return { name: frame.functionName || '(anonymous)', where: bundleLocation(frame, layout, mainModule) };
  }
  const name = frame.functionName || '(anonymous)';
  const own = frame.url ? `${frame.url}:${frame.lineNumber + 1}` : '(native)';
  const [caller] = [...self.callers.values()].sort((a, b) => b.us - a.us);
  if (!caller) return { name, where: frame.url ? own : '' };
  return { name, where: `${own}, called in the function at ${bundleLocation(caller.frame, layout, mainModule)}` };
}

/**
 * Self time by group: a function of the bundle counts for its input's group,
 * a runtime function (`node-internal:...`, a native accessor) for the group
 * of the bundle function that called it; the module's top level, GC and
 * `(program)` under their own names.
 */
function selfTimeByGroup(evaluations: Evaluation[], layout: Layout, isBundle: (frame: CallFrame) => boolean) {
  const groups = new Map<string, number>();
  const add = (group: string, us: number) => groups.set(group, (groups.get(group) ?? 0) + us);
  const groupOfFrame = (frame: CallFrame) => {
    const { file } = inputAtPosition(layout, frame.lineNumber, frame.columnNumber);
    return file === undefined ? GLUE : groupOf(file);
  };
  for (const { selfTimes } of evaluations) {
    for (const { frame, us, callers } of selfTimes.values()) {
      if (isBundle(frame)) {
        add(frame.lineNumber < 0 ? '(module top level)' : groupOfFrame(frame), us);
        continue;
      }
      let rest = us;
      for (const caller of callers.values()) {
        add(groupOfFrame(caller.frame), caller.us);
        rest -= caller.us;
      }
      if (rest > 0) add(frame.functionName.startsWith('(') ? frame.functionName : '(runtime)', rest);
    }
  }
  return groups;
}

// ---------------------------------------------------------------- the report

const kib = (bytes: number) => (bytes / KIB).toFixed(1);
const percent = (part: number) => `${(part * 100).toFixed(1)}%`;
const ms = (us: number) => (us / 1000).toFixed(1);

/** Prints rows as a table, its columns aligned: text to the left, numbers (`align` 'right') to the right. */
function printTable(header: string[], rows: string[][], align: ('left' | 'right')[]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        align[column] === 'right' ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}

const dir = mkdtempSync(join(tmpdir(), 'bundle-report-'));
try {
  // One build gives the deployed output, its metafile, and the upload form that `check startup --worker` reads
  // (that flag wants the multipart form `deploy --outfile` writes; index.js itself fails to parse as one).
  const metafile = join(dir, 'meta.json');
  const uploadForm = join(dir, 'worker.bundle');
  wrangler(['deploy', '--dry-run', '--outdir', join(dir, 'worker'), '--outfile', uploadForm, '--metafile', metafile]);

  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as Metafile;
  const entry = Object.entries(meta.outputs).find(([, output]) => output.entryPoint !== undefined);
  if (!entry) throw new Error(`${metafile}: no output with an entry point`);
  const [outputPath, output] = entry;
  const outputFile = resolve(ROOT, outputPath);
  const mainModule = basename(outputFile);
  const isBundle = (frame: CallFrame) => frame.url === mainModule || frame.url.endsWith(`/${mainModule}`);

  const groupBytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const group = groupOf(resolve(ROOT, input));
    groupBytes.set(group, (groupBytes.get(group) ?? 0) + bytesInOutput);
  }
  const inputBytes = [...groupBytes.values()].reduce((sum, bytes) => sum + bytes, 0);
  groupBytes.set(GLUE, output.bytes - inputBytes);

  const layout = readLayout(outputFile, output.inputs);
  const shares = gzipShares(layout, groupBytes);
  const gzipBest = gzipSync(layout.code, { level: 9 }).length;
  const gzipDefault = gzipSync(layout.code, { level: constants.Z_DEFAULT_COMPRESSION }).length; // 6, as `gzip -c`

  console.log(`\nWorker bundle (${mainModule}, as deployed) by package and by folder of src/:\n`);
  printTable(
    ['group', 'KiB minified', 'share', 'gzip share (est.)', '~KiB gzipped'],
    [...groupBytes]
      .filter(([, bytes]) => bytes > 0)
      .sort(([, a], [, b]) => b - a)
      .map(([group, bytes]) => {
        const share = shares.get(group) ?? 0;
        return [group, kib(bytes), percent(bytes / output.bytes), percent(share), kib(share * gzipDefault)];
      }),
    ['left', 'right', 'right', 'right', 'right'],
  );
  console.log(
    layout.spans
      ? "\ngzip share: each group's bytes of the output gzipped on their own, as a share of the sum; ~KiB: that share of the total"
      : '\ngzip share: the minified share (the output could not be cut into its inputs); ~KiB: that share of the total',
  );
  console.log(`\ntotal:  ${kib(output.bytes)} KiB minified`);
  console.log(
    `        ${kib(gzipBest)} KiB gzipped at level 9, ${kib(gzipDefault)} KiB at the default level (gzip -c)`,
  );
  const spare = BUDGET_KIB * KIB - gzipDefault;
  const verdict = spare >= 0 ? `met, ${kib(spare)} KiB to spare` : `NOT met, ${kib(-spare)} KiB over`;
  console.log(`budget: ${BUDGET_KIB} KiB gzipped at the default level, as CI measures it: ${verdict}`);

  const evaluations: Evaluation[] = [];
  for (let run = 1; run <= runs; run++) {
    const profileFile = join(dir, `startup-${run}.cpuprofile`);
    wrangler(['check', 'startup', '--worker', uploadForm, '--outfile', profileFile]);
    const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
    evaluations.push(evaluationOf(profileFile, profile, isBundle));
  }
  const sorted = [...evaluations].sort((a, b) => a.cpuUs - b.cpuUs);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  console.log(
    `\nstart-up (wrangler check startup on this machine, ${runs} runs): top-level evaluation CPU ` +
      `median ${ms(median.cpuUs)} ms, min ${ms(sorted[0]!.cpuUs)} ms ` +
      `(runs: ${evaluations.map((evaluation) => ms(evaluation.cpuUs)).join(', ')} ms)`,
  );
  console.log(`\nwhere it goes: self time in the median run (${basename(median.file)})\n`);
  printTable(
    ['ms', 'share', 'function', 'where'],
    [...median.selfTimes.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, TOP_SELF_TIME_ENTRIES)
      .map((self) => {
        const { name, where } = describe(self, layout, isBundle, mainModule);
        return [ms(self.us), percent(self.us / median.cpuUs), name, where];
      }),
    ['right', 'right', 'left', 'left'],
  );
  const byGroup = selfTimeByGroup(evaluations, layout, isBundle);
  const allUs = evaluations.reduce((sum, evaluation) => sum + evaluation.cpuUs, 0);
  console.log(
    `\nself time by group, all ${runs} runs (the runtime's functions count for the bundle code that called them):\n  ` +
      [...byGroup]
        .sort(([, a], [, b]) => b - a)
        .filter(([, us]) => us / allUs >= 0.01)
        .map(([group, us]) => `${group} ${percent(us / allUs)}`)
        .join(', '),
  );
} finally {
  if (values.keep) console.log(`\nkept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
