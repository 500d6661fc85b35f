// The division table shipped with the sample catalog: 琼中黎族苗族自治县 (469030) and the
// communities and village committees of 湾岭镇 (469030101), the sample township.
//
// The names are those of 湾岭镇's 2 居民委员会 and 18 村民委员会; the order and the last
// three digits of each code are illustrative, not copied from the statistics bureau. In
// production the exchange publishes the authoritative table (统计用区划代码) with the
// catalog, and a node uses whatever table it last received. The other townships of the
// county are left out on purpose: a township the table does not list is checked for
// nesting only (node-division.ts), so the sample does not pretend to know their villages.
import type { DivisionEntry } from './types';

const COUNTY = '469030';
const WANLING = `${COUNTY}101`;

const COMMUNITIES = ['湾岭社区居委会', '乌石社区居委会'];
const VILLAGES = [
  '乌石', '湾岭', '新仔', '新坡', '商坡', '鸭坡', '孟田坡', '坡寨', '大平',
  '大墩', '北排', '水央', '南久', '录南', '来浩', '中朗', '加章', '岭门',
];

export const sampleDivisions: DivisionEntry[] = [
  { code: `${COUNTY}000000`, name: '琼中黎族苗族自治县' },
  { code: `${WANLING}000`, name: '湾岭镇' },
  // 001–199: 居民委员会 (communities); 200–399: 村民委员会 (village committees).
  ...COMMUNITIES.map((name, i) => ({ code: `${WANLING}${String(1 + i).padStart(3, '0')}`, name })),
  ...VILLAGES.map((name, i) => ({ code: `${WANLING}${201 + i}`, name: `${name}村委会` })),
];
