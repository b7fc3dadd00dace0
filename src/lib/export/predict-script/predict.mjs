#!/usr/bin/env node
/**
 * predict.mjs: scores a CSV file with the model beside this script (model.onnx and
 * preprocess.json, from a Tabular Workbench model bundle), predicting what the workbench
 * predicts for the same file. Needs Node 18 or later and onnxruntime-node:
 *
 *   npm install onnxruntime-node     (in this folder)
 *   node predict.mjs <input.csv> [output.csv] [--log <prediction-log.jsonl>] [--batch <rows>]
 *
 * Output (stdout when no output file is named), with the input's delimiter: the input's
 * columns as read (a cell quoted in the input stays quoted), then `prediction` (the label, or
 * the value for regression), then for classification one `probability_<class>` column per
 * class in preprocess.json's `classes` order; numbers in full (String(x)). An added name that
 * the input already has gets a suffix (`prediction_2`), as the workbench names repeated headers.
 *
 * `--log <file>` appends a prediction log in JSON Lines (tabular-workbench/prediction-log@1,
 * which the workbench imports for monitoring): per run a header line
 *   {"format","createdAt","target","task","features","classes","model":{"sha256"},"input":{"file"},"decimal"}
 * then a line per batch of rows, columnar:
 *   {"time","latencyMs","rows","firstRow","inputs":{"<feature>":[cell text or null, ...]},
 *    "predictions":[label or value, ...],"probabilities":[[...], ...] (classification only)}
 * `inputs` hold each cell's text as read (a category's trimmed unless quoted), null where the
 * cell is missing; `firstRow` is the batch's first data row (1-based) in the input file.
 *
 * Cells are read with the workbench's rules (src/lib/data/ in its source), so that a cell means
 * here what it means there:
 * - encoding (csv/sources.ts, csv/sniff.ts): UTF-16 with a byte-order mark, else UTF-8 (a BOM
 *   is dropped), else Windows-1252 when the file is not valid UTF-8;
 * - delimiter and decimal comma (csv/sniff.ts): sniffed from the first lines, among , ; tab |;
 *   a decimal comma only in files not separated by commas;
 * - records (csv/tokenizer.ts): RFC 4180, quoted fields with "" for a quote, line ends CRLF,
 *   LF or CR; text after a closing quote is kept; blank lines are skipped; a short row's
 *   absent cells are missing; cells past the header's width are ignored;
 * - header (csv/headers.ts): names trimmed; an empty name becomes column_N, a repeated one
 *   name_2, name_3...; columns are found by these names;
 * - missing (read-csv.ts DEFAULT_MISSING_MARKERS): an empty cell or, after trimming, one of
 *   NA N/A null NaN ? - ; in a category column only when not quoted (csv/category-index.ts);
 * - numbers (csv/numbers.ts): optional sign, digits, a decimal point, an exponent, Infinity,
 *   spaces and tabs around; 1,234.5 thousands separators; in a decimal-comma file 3,25;
 * - true/false (csv/infer.ts): true/false, yes/no, t/f, y/n, 1/0 in any case, else a number
 *   (a column of 0 and 1 is read as numbers);
 * - dates (csv/dates.ts): ISO 8601 (YYYY-MM-DD, optionally with a time, seconds, fraction and
 *   Z or an offset), in UTC when no offset is given;
 * - categories (csv/dictionary-builder.ts): unquoted cells trimmed, case kept; a quoted cell is
 *   taken as is.
 * The workbench decides how to read a column from the whole column; this script reads each
 * cell by what the model expects of its column. A cell that cannot be read so (text in a number
 * column) is missing, as in the workbench, and counted in a warning.
 *
 * Exit codes: 0 done; 1 a problem with the files (message on stderr); 2 bad usage, or
 * onnxruntime-node missing.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  closeSync,
  createReadStream,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  writeSync,
} from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PREPROCESS_FORMAT = 'tabular-workbench/preprocess@1';
const LOG_FORMAT = 'tabular-workbench/prediction-log@1';
/** Rows scored by one session.run (--batch): a large file never becomes one giant tensor. */
const BATCH_ROWS = 4096;
/** Characters read before sniffing the delimiter (read-csv.ts SNIFF_CHARS). */
const SNIFF_CHARS = 65536;
const MISSING_MARKERS = new Set(['', 'NA', 'N/A', 'null', 'NaN', '?', '-']);
const DELIMITERS = [',', ';', '\t', '|'];
const BOOLEAN_PAIRS = [
  ['true', 'false'],
  ['yes', 'no'],
  ['t', 'f'],
  ['y', 'n'],
  ['1', '0'],
];
const DATE_PARTS = 5;
const DAY_MS = 86_400_000;
const USAGE = `Usage: node predict.mjs <input.csv> [output.csv] [--log <prediction-log.jsonl>]

Scores <input.csv> with model.onnx and preprocess.json from this script's folder, and writes
the input's columns plus "prediction" (and "probability_<class>" for classifiers) to
output.csv, or to stdout when it is left out.

  --log <file>     also append a prediction log (JSON Lines) for the Tabular Workbench
  --batch <rows>   rows scored at a time (default ${BATCH_ROWS})
  --help           show this help

Needs onnxruntime-node: run "npm install onnxruntime-node" in this folder.`;

/** A problem to report in one line, without a stack trace. */
class CliError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

function parseArgs(argv) {
  const positional = [];
  const options = { log: null, batch: String(BATCH_ROWS) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s) : [null];
    if (name === null) {
      positional.push(arg);
      continue;
    }
    if (!(name in options)) throw new CliError(`unknown option ${arg} (see --help)`, 2);
    const value = inline ?? argv[++i];
    if (!value) throw new CliError(`--${name} needs a value (see --help)`, 2);
    options[name] = value;
  }
  const batch = Number(options.batch);
  if (!Number.isInteger(batch) || batch < 1) {
    throw new CliError(`--batch takes a whole number of rows, not ${options.batch}`, 2);
  }
  if (positional.length === 0) throw new CliError('no input file (see --help)', 2);
  if (positional.length > 2) throw new CliError('too many arguments (see --help)', 2);
  const [input, output = null] = positional;
  if (output !== null && resolve(output) === resolve(input)) {
    throw new CliError('the output file is the input file; name another', 2);
  }
  return { help: false, input, output, log: options.log, batch };
}

/** "no such file or directory" from Node's "ENOENT: no such file or directory, open 'x'". */
function reason(error) {
  const message = String(error?.message ?? error);
  return message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}

function readModelFile(name) {
  const path = fileURLToPath(new URL(name, import.meta.url));
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CliError(`cannot read ${name} beside predict.mjs: ${reason(error)}`);
  }
}

function loadPreprocess() {
  let meta;
  try {
    meta = JSON.parse(readModelFile('preprocess.json').toString('utf8'));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`preprocess.json is not valid JSON: ${reason(error)}`);
  }
  if (meta?.format !== PREPROCESS_FORMAT) {
    throw new CliError(
      `preprocess.json has format ${JSON.stringify(meta?.format)}, not ${PREPROCESS_FORMAT}; use the predict.mjs of the same bundle`,
    );
  }
  const steps = meta.preprocessing?.steps;
  const inputs = meta.onnx?.inputs;
  if (!Array.isArray(steps) || !Array.isArray(inputs) || !Array.isArray(meta.features)) {
    throw new CliError('preprocess.json has no features, preprocessing steps or ONNX inputs');
  }
  // model.onnx takes one `features` column per step, in order, and 5 `dates` parts per date.
  const columns = inputs.find((input) => input.name === 'features')?.columns ?? [];
  const dates = inputs.find((input) => input.name === 'dates')?.columns ?? [];
  const dateSteps = steps.filter((step) => step.kind === 'datetime').length;
  const same = columns.length === steps.length && steps.every((s, i) => s.column === columns[i]);
  if (!same || dates.length !== dateSteps * DATE_PARTS) {
    throw new CliError("preprocess.json's ONNX inputs do not match its preprocessing steps");
  }
  return meta;
}

async function loadRuntime() {
  try {
    const module = await import('onnxruntime-node');
    return module.InferenceSession ? module : module.default;
  } catch (error) {
    const missing = error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'MODULE_NOT_FOUND';
    throw new CliError(
      missing
        ? 'onnxruntime-node is not installed; run "npm install onnxruntime-node" in this folder'
        : `onnxruntime-node could not be loaded (${reason(error)}); reinstall it with "npm install onnxruntime-node" in this folder`,
      2,
    );
  }
}

// ---- Reading the file: encoding, then text chunks -------------------------------------------

function openForReading(path) {
  try {
    const fd = openSync(path, 'r');
    const head = Buffer.alloc(3);
    const length = readSync(fd, head, 0, 3, 0);
    closeSync(fd);
    return head.subarray(0, length);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${reason(error)}`);
  }
}

/** The file's encoding, as the workbench picks it (csv/sniff.ts detectEncoding, read-csv.ts). */
async function detectEncoding(path, head) {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const bytes of createReadStream(path, { highWaterMark: 1 << 20 })) {
      decoder.decode(bytes, { stream: true });
    }
    decoder.decode();
    return 'utf-8';
  } catch (error) {
    if (error?.code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw error;
    return 'windows-1252';
  }
}

async function* textChunks(path, encoding, head) {
  // Windows-1252 would read a UTF-8 BOM as "ï»¿" in the first header (sources.ts).
  const bom =
    encoding === 'windows-1252' && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const decoder = new TextDecoder(encoding, { fatal: encoding !== 'windows-1252' });
  try {
    for await (const bytes of createReadStream(path, {
      highWaterMark: 1 << 20,
      start: bom ? 3 : 0,
    })) {
      yield decoder.decode(bytes, { stream: true });
    }
    yield decoder.decode();
  } catch (error) {
    if (error?.code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw error;
    throw new CliError(`${path} starts like ${encoding.toUpperCase()} text but has invalid bytes`);
  }
}

// ---- Sniffing (copied from csv/sniff.ts) --------------------------------------------------

function splitLinesOutsideQuotes(text, max) {
  const lines = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length && lines.length < max; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) {
      if (i > start) lines.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (start < text.length && lines.length < max) lines.push(text.slice(start));
  return lines;
}

function countOutsideQuotes(line, delimiter) {
  let count = 0;
  let inQuotes = false;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === delimiter) count++;
  }
  return count;
}

/** The delimiter appearing the same non-zero number of times on the most lines. */
function sniffDelimiter(sample) {
  const lines = splitLinesOutsideQuotes(sample, 20);
  if (lines.length > 1 && sample.length > 0) lines.pop(); // the last line may be cut off
  let best = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const frequency = new Map();
    for (const line of lines) {
      const count = countOutsideQuotes(line, delimiter);
      if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    }
    let score = 0;
    for (const [count, lineCount] of frequency) score = Math.max(score, lineCount * 1000 + count);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

function sniffDecimalComma(sample, delimiter) {
  if (delimiter === ',') return false;
  let comma = 0;
  let dot = 0;
  for (const line of splitLinesOutsideQuotes(sample, 50).slice(1)) {
    for (const field of line.split(delimiter)) {
      const value = field.trim();
      if (/^[-+]?\d+,\d+$/.test(value)) comma++;
      else if (/^[-+]?\d*\.\d+$/.test(value)) dot++;
    }
  }
  return comma > 0 && dot === 0;
}

// ---- Records (the rules of csv/tokenizer.ts) ------------------------------------------------

/** Splits text chunks into records: `{ fields, quoted }`, quoted fields unquoted. */
class RecordReader {
  #delimiter;
  /** Unconsumed text, from the start of a field whose end is not known yet. */
  #rest = '';
  /** How far (from the field's start) the search for its closing quote has gone. */
  #searched = 1;
  #fields = [];
  #quoted = [];
  /** A field must follow (the last character was a delimiter). */
  #expectField = false;
  /** The last record ended at a CR: a LF starting the next chunk is part of it. */
  #afterCR = false;
  /** Records completed so far, for messages. */
  #records = 0;

  constructor(delimiter) {
    this.#delimiter = delimiter;
  }

  /** Adds a chunk (`final`: nothing follows it) and returns the records it completed. */
  push(chunk, final) {
    const records = [];
    const text = this.#rest + chunk;
    const n = text.length;
    let i = 0;
    if (this.#afterCR && n > 0) {
      if (text[0] === '\n') i = 1;
      this.#afterCR = false;
    }
    while (i < n || (final && this.#expectField)) {
      let value;
      let quoted = false;
      let end;
      if (i < n && text[i] === '"') {
        const close = this.#closingQuote(text, i, final);
        if (close < 0) {
          if (final) throw this.#unclosed();
          this.#rest = text.slice(i);
          return records;
        }
        end = this.#fieldEnd(text, close + 1);
        if (end === n && !final) {
          this.#searched = close - i; // found again at once next time
          this.#rest = text.slice(i);
          return records;
        }
        value = text.slice(i + 1, close).replaceAll('""', '"') + text.slice(close + 1, end);
        quoted = true;
      } else {
        end = this.#fieldEnd(text, i);
        if (end === n && !final) {
          this.#rest = text.slice(i);
          return records;
        }
        value = text.slice(i, end);
      }
      this.#searched = 1;
      this.#fields.push(value);
      this.#quoted.push(quoted);
      this.#expectField = false;
      if (end >= n) {
        records.push(this.#endRecord());
        i = n;
        break;
      }
      const c = text[end];
      i = end + 1;
      if (c === this.#delimiter) {
        this.#expectField = true;
        continue;
      }
      records.push(this.#endRecord());
      if (c === '\r') {
        if (i < n) {
          if (text[i] === '\n') i++;
        } else if (!final) this.#afterCR = true;
      }
    }
    this.#rest = '';
    return records;
  }

  #unclosed() {
    const record = this.#records + 1;
    return new CliError(
      `the file ends inside a quoted value: a quote in record ${record} (the header is record 1, blank lines count) is never closed; write a quote inside a quoted value as ""`,
    );
  }

  #endRecord() {
    const record = { fields: this.#fields, quoted: this.#quoted };
    this.#fields = [];
    this.#quoted = [];
    this.#records++;
    return record;
  }

  /** The index of the quote closing the field quoted at `start`, or -1 when not yet known. */
  #closingQuote(text, start, final) {
    let j = start + this.#searched;
    for (;;) {
      const k = text.indexOf('"', j);
      if (k < 0) {
        this.#searched = text.length - start;
        return -1;
      }
      if (k + 1 < text.length) {
        if (text[k + 1] !== '"') return k;
        j = k + 2; // an escaped quote
      } else if (final) {
        return k;
      } else {
        this.#searched = k - start; // a quote at the very end may be the first half of ""
        return -1;
      }
    }
  }

  #fieldEnd(text, from) {
    for (let j = from; j < text.length; j++) {
      const c = text[j];
      if (c === this.#delimiter || c === '\n' || c === '\r') return j;
    }
    return text.length;
  }
}

/** The file's records; `format` gets the sniffed delimiter and decimal before the first. */
async function* csvRecords(path, format) {
  const head = openForReading(path);
  format.encoding = await detectEncoding(path, head);
  const sniffed = (sample) => {
    format.delimiter = sniffDelimiter(sample);
    format.decimalComma = sniffDecimalComma(sample, format.delimiter);
    return new RecordReader(format.delimiter);
  };
  let reader = null;
  let sample = '';
  for await (const text of textChunks(path, format.encoding, head)) {
    if (reader) {
      yield* reader.push(text, false);
      continue;
    }
    sample += text;
    if (sample.length < SNIFF_CHARS) continue;
    reader = sniffed(sample);
    yield* reader.push(sample, false);
  }
  if (!reader) {
    reader = sniffed(sample);
    yield* reader.push(sample, false);
  }
  yield* reader.push('', true);
}

/** Header names made unique and non-empty (csv/headers.ts uniqueHeaders). */
function uniqueHeaders(raw) {
  const taken = new Set(raw.map((name) => name.trim()).filter((name) => name !== ''));
  const used = new Set();
  return raw.map((original, index) => {
    let name = original.trim();
    if (name === '') name = freshName(`column_${index + 1}`, taken, used);
    else if (used.has(name)) name = freshName(name, taken, used);
    used.add(name);
    return name;
  });
}

function freshName(base, taken, used) {
  if (!used.has(base) && !taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!used.has(candidate) && !taken.has(candidate)) return candidate;
  }
}

// ---- Cells (csv/numbers.ts, csv/infer.ts, csv/dates.ts) -------------------------------------

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?Infinity$/;
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A number, or undefined; Number() rounds correctly, as parseNumber does. */
function parseNumber(cell, decimalComma) {
  const text = cell.replace(/^[ \t]+|[ \t]+$/g, '');
  if (INFINITY.test(text)) return Number(text);
  if (decimalComma) return COMMA_NUMBER.test(text) ? Number(text.replace(',', '.')) : undefined;
  if (PLAIN_NUMBER.test(text)) return Number(text);
  if (GROUPED_NUMBER.test(text)) return Number(text.replaceAll(',', ''));
  return undefined;
}

function parseBoolean(cell) {
  const text = cell.trim().toLowerCase();
  for (const [yes, no] of BOOLEAN_PAIRS) {
    if (text === yes) return 1;
    if (text === no) return 0;
  }
  return undefined;
}

/** Milliseconds since 1970 (UTC when no offset is given), or NaN (dates.ts generalIsoDate). */
function parseIsoDate(cell) {
  const v = cell.trim();
  if (!ISO_DATE.test(v)) return NaN;
  const year = Number(v.slice(0, 4));
  const month = Number(v.slice(5, 7));
  const day = Number(v.slice(8, 10));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > days) return NaN;
  if (v.length === 10) return Date.UTC(year, month - 1, day);
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/.test(v);
  const iso = v.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return Date.parse(hasOffset ? iso : `${iso}Z`);
}

/** The five UTC parts of a date that model.onnx takes (date-parts.ts dateParts). */
function dateParts(ms) {
  if (!Number.isFinite(ms)) return [NaN, NaN, NaN, NaN, NaN];
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const dayOfYear =
    (Date.UTC(year, date.getUTCMonth(), date.getUTCDate()) - Date.UTC(year, 0, 1)) / DAY_MS;
  return [
    ms / (365.25 * DAY_MS),
    date.getUTCMonth(),
    date.getUTCDay(),
    dayOfYear,
    date.getUTCHours() + date.getUTCMinutes() / 60,
  ];
}

/**
 * How each feature's cell becomes the ONNX inputs (preprocess-graph.ts): `read(cell, quoted)`
 * gives `{ value, text }`: the number for `features` (or the date's ms), and the log's text.
 */
function cellReader(step, decimalComma) {
  if (step.kind === 'one-hot') {
    const position = new Map(step.categories.map((category, index) => [category, index]));
    const other = step.categories.length;
    return (cell, quoted) => {
      if (cell === undefined) return { value: -1, text: null };
      const key = quoted ? cell : cell.trim();
      if (!quoted && MISSING_MARKERS.has(key)) return { value: -1, text: null };
      return { value: position.get(key) ?? other, text: key };
    };
  }
  const parse =
    step.kind === 'datetime'
      ? parseIsoDate
      : step.source === 'boolean'
        ? (cell) => parseBoolean(cell) ?? parseNumber(cell, decimalComma)
        : (cell) => parseNumber(cell, decimalComma);
  return (cell) => {
    if (cell === undefined || MISSING_MARKERS.has(cell.trim())) return { value: NaN, text: null };
    const value = parse(cell);
    return { value: value ?? NaN, text: cell, unread: value === undefined || Number.isNaN(value) };
  };
}

// ---- Output ---------------------------------------------------------------------------------

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, a tab or CR first, and not a number)
 * gets an apostrophe first, as the workbench's own scored files do (OWASP's CSV injection
 * advice): the output may be opened in a spreadsheet, and its cells come from someone's file.
 */
function guardFormula(text) {
  const risky = /^[=+\-@\t\r]/.test(text) && text.trim().length > 1;
  return risky && !Number.isFinite(Number(text)) ? `'${text}` : text;
}

function csvCell(text, quoted, delimiter) {
  const safe = guardFormula(text);
  const quote = quoted || safe.includes('"') || safe.includes(delimiter) || /[\r\n]/.test(safe);
  return quote ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function openOutput(path) {
  if (path === null) {
    process.stdout.on('error', (error) => {
      // EPIPE: the reader stopped early (| head), which is no failure.
      if (error.code !== 'EPIPE') process.stderr.write(`predict.mjs: stdout: ${reason(error)}\n`);
      process.exit(error.code === 'EPIPE' ? 0 : 1);
    });
    return {
      write: async (text) => {
        if (!process.stdout.write(text)) await once(process.stdout, 'drain');
      },
      close: () => undefined,
    };
  }
  return openFile(path, 'w');
}

function openFile(path, flags) {
  let fd;
  try {
    fd = openSync(path, flags);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${reason(error)}`);
  }
  return {
    write: (text) => {
      writeSync(fd, text);
      return Promise.resolve();
    },
    close: () => closeSync(fd),
  };
}

// ---- Scoring --------------------------------------------------------------------------------

class Scorer {
  constructor({ ort, session, meta, header, delimiter, decimalComma }) {
    const columnOf = new Map(header.map((name, index) => [name, index]));
    this.ort = ort;
    this.header = header;
    this.session = session;
    this.meta = meta;
    this.delimiter = delimiter;
    this.steps = meta.preprocessing.steps;
    this.columns = this.steps.map((step) => columnOf.get(step.column));
    this.readers = this.steps.map((step) => cellReader(step, decimalComma));
    this.dateSteps = this.steps.filter((step) => step.kind === 'datetime');
    this.classification = meta.task !== 'regression';
    /** Per feature: cells that were not missing but could not be read, and the first rows. */
    this.unread = this.steps.map(() => ({ count: 0, rows: [] }));
    this.nonFinite = 0;
  }

  /** Scores `records` (data rows from `firstRow` on): the output text and the log line. */
  async score(records, firstRow) {
    const rows = records.length;
    const width = this.steps.length;
    const dateWidth = this.dateSteps.length * DATE_PARTS;
    const features = new Float32Array(rows * width);
    const dates = new Float32Array(rows * dateWidth);
    const inputs = this.steps.map(() => new Array(rows));
    for (const [s, step] of this.steps.entries()) {
      const column = this.columns[s];
      const read = this.readers[s];
      const dateAt = this.dateSteps.indexOf(step) * DATE_PARTS;
      for (let r = 0; r < rows; r++) {
        const { fields, quoted } = records[r];
        const { value, text, unread } = read(fields[column], quoted[column] === true);
        inputs[s][r] = text;
        if (unread) this.#noteUnread(s, firstRow + r, text);
        if (step.kind === 'datetime') dates.set(dateParts(value), r * dateWidth + dateAt);
        else features[r * width + s] = value;
      }
    }
    const feeds = { features: new this.ort.Tensor('float32', features, [rows, width]) };
    if (dateWidth > 0) feeds.dates = new this.ort.Tensor('float32', dates, [rows, dateWidth]);
    const started = performance.now();
    const out = await this.session.run(feeds);
    const latencyMs = performance.now() - started;
    return this.#results(records, firstRow, out, inputs, latencyMs);
  }

  #results(records, firstRow, out, inputs, latencyMs) {
    const { classes } = this.meta;
    const k = classes.length;
    const predictions = [];
    const probabilities = [];
    let text = '';
    for (let r = 0; r < records.length; r++) {
      let line = this.header.map((_, c) => this.#cell(records[r], c)).join(this.delimiter);
      if (this.classification) {
        const row = Array.from(out.probabilities.data.subarray(r * k, (r + 1) * k));
        const label = classes[Number(out.label.data[r])] ?? '';
        if (!row.every(Number.isFinite)) this.nonFinite++;
        predictions.push(label);
        probabilities.push(row);
        line +=
          this.delimiter + [csvCell(label, false, this.delimiter), ...row].join(this.delimiter);
      } else {
        const value = out.value.data[r];
        if (!Number.isFinite(value)) this.nonFinite++;
        predictions.push(Number.isFinite(value) ? value : null);
        line += this.delimiter + String(value);
      }
      text += line + '\n';
    }
    const batch = {
      time: new Date().toISOString(),
      latencyMs,
      rows: records.length,
      firstRow,
      inputs: Object.fromEntries(this.steps.map((step, s) => [step.column, inputs[s]])),
      predictions,
      ...(this.classification ? { probabilities } : {}),
    };
    return { text, batch };
  }

  #cell(record, c) {
    return csvCell(record.fields[c] ?? '', record.quoted[c] === true, this.delimiter);
  }

  #noteUnread(s, row, text) {
    const unread = this.unread[s];
    unread.count++;
    if (unread.rows.length < 5) unread.rows.push(`row ${row}: ${JSON.stringify(text)}`);
  }

  /** Warnings for stderr: cells the model saw as missing, outputs that are not numbers. */
  warnings() {
    const lines = [];
    for (const [s, step] of this.steps.entries()) {
      const { count, rows } = this.unread[s];
      if (count === 0) continue;
      const what = step.kind === 'datetime' ? 'dates' : step.source ? 'true/false' : 'numbers';
      lines.push(
        `column "${step.column}" holds ${what}, but ${count} cell(s) are not (${rows.join(', ')}); they were treated as missing`,
      );
    }
    if (this.nonFinite > 0) {
      lines.push(`${this.nonFinite} prediction(s) are not finite numbers (extreme inputs?)`);
    }
    return lines;
  }
}

function outputHeader(names, meta, delimiter) {
  const taken = new Set(names);
  const used = new Set(names);
  const added = [
    'prediction',
    ...(meta.task === 'regression' ? [] : meta.classes.map((c) => `probability_${c}`)),
  ].map((name) => {
    const fresh = freshName(name, taken, used);
    used.add(fresh);
    return fresh;
  });
  return [...names, ...added].map((name) => csvCell(name, false, delimiter)).join(delimiter) + '\n';
}

function logHeader(meta, modelBytes, input, decimalComma) {
  return {
    format: LOG_FORMAT,
    createdAt: new Date().toISOString(),
    target: meta.target,
    task: meta.task,
    features: meta.features,
    classes: meta.classes,
    model: { sha256: createHash('sha256').update(modelBytes).digest('hex') },
    input: { file: basename(input) },
    decimal: decimalComma ? ',' : '.',
  };
}

async function main(argv) {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const meta = loadPreprocess();
  const modelBytes = readModelFile('model.onnx');
  const ort = await loadRuntime();
  const format = {};
  const records = csvRecords(args.input, format)[Symbol.asyncIterator]();
  let header = null;
  for (;;) {
    const next = await records.next();
    if (next.done) throw new CliError(`${args.input} is empty: it has no header row`);
    const { fields } = next.value;
    if (fields.length === 1 && fields[0].trim() === '') continue; // blank lines before the header
    header = fields;
    break;
  }
  const names = uniqueHeaders(header);
  const absent = meta.features.filter((feature) => !names.includes(feature));
  if (absent.length > 0) {
    throw new CliError(
      `${args.input} has no column ${absent.map((name) => JSON.stringify(name)).join(', ')}, which the model needs; its columns are: ${names.join(', ')}`,
    );
  }
  let session;
  try {
    session = await ort.InferenceSession.create(modelBytes);
  } catch (error) {
    throw new CliError(`onnxruntime-node cannot load model.onnx: ${reason(error)}`);
  }
  const scorer = new Scorer({ ort, session, meta, header: names, ...format });
  const output = openOutput(args.output);
  const log = args.log === null ? null : openFile(args.log, 'a');
  try {
    await output.write(outputHeader(names, meta, format.delimiter));
    if (log)
      await log.write(
        JSON.stringify(logHeader(meta, modelBytes, args.input, format.decimalComma)) + '\n',
      );
    let batch = [];
    let firstRow = 1;
    const flush = async () => {
      const { text, batch: line } = await scorer.score(batch, firstRow);
      await output.write(text);
      if (log) await log.write(JSON.stringify(line) + '\n');
      firstRow += batch.length;
      batch = [];
    };
    for (;;) {
      const next = await records.next();
      if (next.done) break;
      const { fields, quoted } = next.value;
      // A blank line (one unquoted field of spaces) is no row (table-builder.ts).
      if (fields.length === 1 && !quoted[0] && /^[ \t]*$/.test(fields[0])) continue;
      batch.push(next.value);
      if (batch.length === args.batch) await flush();
    }
    if (batch.length > 0) await flush();
    for (const warning of scorer.warnings())
      process.stderr.write(`predict.mjs: warning: ${warning}\n`);
    if (args.output !== null) {
      process.stderr.write(`predict.mjs: scored ${firstRow - 1} rows into ${args.output}\n`);
    }
  } finally {
    output.close();
    log?.close();
  }
}

/** Whether this file runs as the program (the workbench's tests import its helpers). */
function isMain() {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2)).catch((error) => {
    const known = error instanceof CliError;
    process.stderr.write(`predict.mjs: ${known ? error.message : `failed: ${reason(error)}`}\n`);
    process.exitCode = known ? error.exitCode : 1;
  });
}

export {
  RecordReader,
  dateParts,
  parseBoolean,
  parseIsoDate,
  parseNumber,
  sniffDecimalComma,
  sniffDelimiter,
  uniqueHeaders,
};
