// Deterministic generator of valid 贫困户信息 (RESOURCE_POVERTY_HOUSEHOLD) records for the
// benchmarks. Every record passes the catalog validators as it is (already normalised), so
// the core stores exactly what it is given and the benchmarks measure the write path, not
// error handling.
//
// Random access: recordAt(i, seed) builds record i on its own, so a benchmark can stream a
// million records without holding them, and look up "a random existing record" later by
// regenerating it from its index. The same (i, seed) gives the same record on every run.
//
// ID numbers are unique by construction, not by a "seen" set: index i is mapped through an
// affine bijection p = (i·K + C) mod M over the space of (area code, birth date, sequence)
// triples, so no two indices below M can collide, and consecutive indices land far apart
// (clerks do not register people in ID order either).
//
// Self-check: node --import tsx bench/generate-records.ts --count 10000 [--seed 1]
//   validates every generated record with the catalog's validateRecord and prints samples.
import { pathToFileURL } from 'node:url';
import { RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../common/catalog/sample-catalog';
import { findResource } from '../common/catalog/lookup';
import { validateRecord } from '../common/catalog/validate-record';
import { mulberry32 } from '../sync/exchange/faults';

export const BENCH_RESOURCE = RESOURCE_POVERTY_HOUSEHOLD;
export const DEFAULT_SEED = 20261126;

export type PovertyFields = {
  householder_name: string;
  householder_id_number: string;
  village_code: string;
  household_size: string;
  income_per_capita: string;
  household_category: string;
  main_cause: string;
  identified_on: string;
  poverty_status: string;
  phone: string;
};

// County-level GB/T 2260 codes (Hainan first, where the sample node sits, plus a few
// migrants' home counties). All start with a valid province code.
const AREA_CODES = ['469030', '469027', '469025', '469026', '469028', '469029', '460200', '460100', '440106', '450102', '110105', '510104'] as const;
// The node's own county for village codes: 琼中黎族苗族自治县.
const COUNTY = '469030';
// Townships whose villages the sample catalog's division table publishes (湾岭镇): the
// core refuses any other village code of them, so records there take a published one.
const PUBLISHED_VILLAGES = new Map<string, string[]>();
for (const e of sampleCatalog.divisions ?? []) {
  if (e.code.slice(9) === '000') continue;
  const township = e.code.slice(0, 9);
  PUBLISHED_VILLAGES.set(township, [...(PUBLISHED_VILLAGES.get(township) ?? []), e.code]);
}

/** A village code of the county from the drawn numbers; a published one where the table lists the township. */
function villageCode(township: number, village: number): string {
  const published = PUBLISHED_VILLAGES.get(`${COUNTY}${township}`);
  return published ? published[village % published.length]! : `${COUNTY}${township}${village}`;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '吴', '符', '林', '羊', '吉', '黎', '邢', '郑', '云', '周', '赵', '钟', '冯'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '亚妹', '亚东', '春花', '文', '海', '光荣', '德明'];

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

const DAY_MS = 86_400_000;
const BIRTH_FIRST = Date.UTC(1935, 0, 1);
const BIRTH_LAST = Date.UTC(2005, 11, 31);
const BIRTH_DAYS = Math.round((BIRTH_LAST - BIRTH_FIRST) / DAY_MS) + 1;
const SEQUENCES = 999; // 001..999

/** Size of the ID-number space the bijection covers; N must not exceed it. */
export const ID_SPACE = AREA_CODES.length * BIRTH_DAYS * SEQUENCES;
// A prime that does not divide ID_SPACE, so i -> i*K mod M is a bijection on Z_M.
const K = 1_000_000_007;
// i*K stays below 2^53 for i < 9e6; the bench never goes near that.
const MAX_INDEX = Math.floor(Number.MAX_SAFE_INTEGER / K);

function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** splitmix32-style hash of (seed, index) -> 32-bit state for the record's own PRNG. */
function mix(seed: number, i: number): number {
  let z = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}


const pad = (n: number, width: number) => String(n).padStart(width, '0');

function isoDay(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}

/** The unique ID number of record i (depends on the seed only through the offset C). */
export function idNumberAt(i: number, seed: number = DEFAULT_SEED): string {
  if (!Number.isInteger(i) || i < 0 || i >= ID_SPACE || i > MAX_INDEX) throw new RangeError(`record index ${i} out of range`);
  const c = mix(seed, -1) % ID_SPACE;
  const p = (((i % ID_SPACE) * (K % ID_SPACE)) % ID_SPACE + c) % ID_SPACE;
  const area = AREA_CODES[p % AREA_CODES.length]!;
  const day = Math.floor(p / AREA_CODES.length) % BIRTH_DAYS;
  const seq = Math.floor(p / (AREA_CODES.length * BIRTH_DAYS)) + 1;
  const birth = isoDay(BIRTH_FIRST + day * DAY_MS).replace(/-/g, '');
  const first17 = `${area}${birth}${pad(seq, 3)}`;
  return first17 + checkChar(first17);
}

/** Record i of the seeded sequence: field code -> value, as a clerk's form would send it. */
export function recordAt(i: number, seed: number = DEFAULT_SEED): PovertyFields {
  const r = mulberry32(mix(seed, i));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

  const given = r() < 0.6 ? pick(GIVEN) : pick(GIVEN) + pick(GIVEN);
  const township = int(100, 112);
  const village = int(200, 235);
  const size = int(1, 8);
  // Annual net income per head, yuan, two decimals; the catalog's canonical form drops
  // trailing zeros, so generate it that way (cents 1-9 avoid "x.x0").
  const yuan = int(1200, 18000);
  const cents = int(0, 99);
  const income = cents === 0 ? String(yuan) : cents % 10 === 0 ? `${yuan}.${cents / 10}` : `${yuan}.${pad(cents, 2)}`;
  const identified = isoDay(Date.UTC(2014, 0, 1) + int(0, 6 * 365) * DAY_MS);
  const mobilePrefixes = ['130', '133', '135', '136', '138', '139', '150', '152', '158', '177', '186', '188', '199'];
  const phoneKind = r();
  const phone =
    phoneKind < 0.7 ? `${pick(mobilePrefixes)}${pad(int(0, 99_999_999), 8)}` : phoneKind < 0.8 ? `0898-${int(3, 8)}${pad(int(0, 999_999), 6)}` : '';

  return {
    householder_name: pick(SURNAMES) + given,
    householder_id_number: idNumberAt(i, seed),
    village_code: villageCode(township, village),
    household_size: String(size),
    income_per_capita: income,
    household_category: String(int(1, 3)),
    main_cause: pad(int(1, 11), 2),
    identified_on: identified,
    poverty_status: String(int(1, 3)),
    phone,
  };
}

/** Records 0..n-1 in order, generated lazily. */
export function* generateRecords(n: number, seed: number = DEFAULT_SEED): Generator<PovertyFields> {
  for (let i = 0; i < n; i++) yield recordAt(i, seed);
}

/** Small deterministic PRNG for the benchmarks' own choices (which index to look up, …). */
export function seededRandom(seed: number): () => number {
  return mulberry32(mix(seed, 0x5eed));
}

/** Parses `--name value` from argv; numbers may be written 100000, 100_000 or 1e5. */
export function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const raw = process.argv[i + 1];
  const n = raw === undefined ? NaN : Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a non-negative number, got ${raw}`);
  return Math.floor(n);
}

export function argFlag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

/** `--name value` from argv, or null when not given. */
export function argText(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

// ---------------------------------------------------------------------------------------
// Self-check when run directly.

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = argNumber('count', 10_000);
  const seed = argNumber('seed', DEFAULT_SEED);
  const resource = findResource(sampleCatalog, BENCH_RESOURCE)!;
  const ids = new Set<string>();
  let bad = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const fields = recordAt(i, seed);
    // As the core checks it: on a node of the sample county, with the sample's division table.
    const result = validateRecord(resource, fields, { nodeDivision: COUNTY, divisions: sampleCatalog.divisions });
    if (!result.ok) {
      if (bad++ < 5) console.log(`record ${i} invalid:`, result.errors);
      continue;
    }
    // The generator must emit already-normalised values, or stored data would differ.
    for (const [k, v] of Object.entries(fields)) {
      if (result.fields[k] !== v) {
        if (bad++ < 5) console.log(`record ${i} ${k}: generated ${v}, normalised ${result.fields[k]}`);
      }
    }
    ids.add(fields.householder_id_number);
  }
  const ms = performance.now() - t0;
  console.log('sample:', recordAt(0, seed), recordAt(1, seed));
  console.log(`${n} records generated and validated in ${(ms / 1000).toFixed(2)} s; invalid: ${bad}; unique ID numbers: ${ids.size}; ID space ${ID_SPACE}`);
  if (bad > 0 || ids.size !== n) process.exitCode = 1;
}
