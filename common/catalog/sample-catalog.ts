// The sample catalog shipped for demos and tests. In production the exchange publishes
// the catalog; this one mirrors what a Hainan township would receive.
//
// Resource codes follow the shape of the 2017 guide (政务信息资源目录编制指南): a
// classification code — 类 (1 digit: 1 基础, 2 主题, 3 部门), 项 (2 digits), 目 (3 digits) —
// then a sequence code. The guide separates the two with "/"; we use "-" so a code can
// appear unescaped in file names, URLs and watch-folder paths. The numbers are illustrative.
import { sampleDivisions } from './sample-divisions';
import type { Catalog, CatalogItem, CatalogResource, CodeTableEntry } from './types';

/** 主题 · 社会保障 · 精准扶贫: 贫困户信息 */
export const RESOURCE_POVERTY_HOUSEHOLD = '203001-00001';
/** 基础 · 人口: 人口基础信息 */
export const RESOURCE_POPULATION = '101001-00001';
/** 主题 · 应急保障: 灾情报送 */
export const RESOURCE_DISASTER_REPORT = '212001-00001';
/** 基础 · 法人单位: 市场主体登记信息 */
export const RESOURCE_MARKET_ENTITY = '102001-00001';
/** 部门 · 乡镇: 特殊困难群众走访记录 — 不予共享, never leaves the node. */
export const RESOURCE_HARDSHIP_VISIT = '308001-00001';

const table = (...labels: string[]): CodeTableEntry[] =>
  labels.map((label, i) => ({ code: String(i + 1).padStart(labels.length > 9 ? 2 : 1, '0'), label }));

const PHONE_FORMAT = '11位手机号码，或带区号的固定电话，如 0898-66123456';
const ID_FORMAT = '18位公民身份号码，末位可为 X';
const DATE_FORMAT = '年-月-日，如 2026-03-05';

const personName = (code: string, name: string): CatalogItem => ({
  code, name, type: 'text', required: true, maxLength: 50, personal: true,
});
const personId = (code: string, name: string): CatalogItem => ({
  code, name, type: 'idNumber', required: true, key: true, personal: true, format: ID_FORMAT,
});

const povertyHousehold: CatalogResource = {
  code: RESOURCE_POVERTY_HOUSEHOLD,
  name: '贫困户信息',
  provider: '乡村振兴办（原乡镇扶贫办）',
  summary: '精准扶贫建档立卡贫困户的户主、家庭人口、收入、致贫原因和脱贫状态，用于帮扶和防止返贫监测。',
  sharingType: 'conditional',
  updateCycle: 'monthly',
  items: [
    personName('householder_name', '户主姓名'),
    personId('householder_id_number', '户主公民身份号码'),
    {
      code: 'village_code', name: '所在村', type: 'divisionCode', required: true,
      // No example code here: the catalog serves the whole province, so the form adds one
      // of the node's own county (node-division.ts, divisionExample).
      divisionCodeLength: '12', format: '12位统计用区划代码（到村、社区）',
    },
    { code: 'household_size', name: '家庭人口数', type: 'integer', required: true, min: 1, max: 30 },
    {
      code: 'income_per_capita', name: '家庭年人均纯收入（元）', type: 'decimal', required: true,
      min: 0, max: 1000000, scale: 2, personal: true, format: '单位：元，最多2位小数',
    },
    {
      code: 'household_category', name: '贫困户属性', type: 'code', required: true,
      codeTable: table('一般贫困户', '低保贫困户', '特困供养贫困户'),
    },
    {
      code: 'main_cause', name: '主要致贫原因', type: 'code', required: true,
      codeTable: table(
        '因病', '因残', '因学', '因灾', '缺土地', '缺水', '缺技术', '缺劳力', '缺资金',
        '交通条件落后', '自身发展动力不足',
      ),
    },
    { code: 'identified_on', name: '识别日期', type: 'date', required: true, format: DATE_FORMAT },
    {
      code: 'poverty_status', name: '脱贫状态', type: 'code', required: true,
      codeTable: table('未脱贫', '已脱贫', '返贫'),
    },
    { code: 'phone', name: '联系电话', type: 'phone', required: false, personal: true, format: PHONE_FORMAT },
  ],
};

const population: CatalogResource = {
  code: RESOURCE_POPULATION,
  name: '人口基础信息',
  provider: '县公安局（户籍）、乡镇民政办',
  summary: '辖区常住和户籍人口的身份、户籍地址和现居住地，作为其他业务核验身份的基础。',
  sharingType: 'conditional',
  updateCycle: 'daily',
  items: [
    personName('name', '姓名'),
    personId('id_number', '公民身份号码'),
    {
      // GB/T 2261.1 codes, so the exchange can map them without a lookup table.
      code: 'gender', name: '性别', type: 'code', required: true,
      codeTable: [
        { code: '1', label: '男' },
        { code: '2', label: '女' },
        { code: '0', label: '未知的性别' },
        { code: '9', label: '未说明的性别' },
      ],
    },
    {
      // GB/T 3304 codes; the handful that matter in a Hainan township.
      code: 'ethnicity', name: '民族', type: 'code', required: true,
      codeTable: [
        { code: '01', label: '汉族' },
        { code: '03', label: '回族' },
        { code: '06', label: '苗族' },
        { code: '08', label: '壮族' },
        { code: '19', label: '黎族' },
        { code: '97', label: '其他' },
      ],
    },
    { code: 'household_address', name: '户籍地址', type: 'text', required: true, maxLength: 200, personal: true },
    {
      // Where the person lives now, which for people working away is outside the county:
      // not held to the node's division.
      code: 'residence_code', name: '现居住地', type: 'divisionCode', required: false,
      divisionCodeLength: 'either', divisionScope: 'any', format: '行政区划代码，6位（到县）或12位（到村）',
    },
    { code: 'phone', name: '联系电话', type: 'phone', required: false, personal: true, format: PHONE_FORMAT },
  ],
};

const disasterReport: CatalogResource = {
  code: RESOURCE_DISASTER_REPORT,
  name: '灾情报送',
  provider: '乡镇应急管理办',
  summary: '自然灾害发生后乡镇上报的灾害类型、受灾范围、受灾人口和直接经济损失。',
  sharingType: 'unconditional',
  updateCycle: 'irregular',
  items: [
    { code: 'reporting_unit', name: '报送单位', type: 'text', required: true, maxLength: 100 },
    {
      code: 'disaster_type', name: '灾害类型', type: 'code', required: true,
      codeTable: table('台风', '暴雨洪涝', '干旱', '地质灾害', '森林火灾', '其他'),
    },
    { code: 'occurred_on', name: '发生日期', type: 'date', required: true, format: DATE_FORMAT },
    {
      code: 'affected_area', name: '受灾区划', type: 'divisionCode', required: true,
      divisionCodeLength: 'either', format: '行政区划代码，6位（到县）或12位（到村）',
    },
    { code: 'affected_people', name: '受灾人口', type: 'integer', required: true, min: 0, max: 10000000, format: '单位：人' },
    {
      code: 'direct_loss', name: '直接经济损失（万元）', type: 'decimal', required: false,
      min: 0, max: 100000000, scale: 2, format: '单位：万元，最多2位小数',
    },
    { code: 'reporter_phone', name: '报告人电话', type: 'phone', required: true, format: PHONE_FORMAT },
  ],
};

const marketEntity: CatalogResource = {
  code: RESOURCE_MARKET_ENTITY,
  name: '市场主体登记信息',
  provider: '县市场监督管理局',
  summary: '辖区企业、农民专业合作社和个体工商户的登记信息。',
  sharingType: 'unconditional',
  updateCycle: 'daily',
  items: [
    { code: 'entity_name', name: '主体名称', type: 'text', required: true, maxLength: 100 },
    {
      code: 'credit_code', name: '统一社会信用代码', type: 'creditCode', required: true, key: true,
      format: '18位，见营业执照',
    },
    { code: 'legal_representative', name: '法定代表人', type: 'text', required: true, maxLength: 50, personal: true },
    { code: 'established_on', name: '成立日期', type: 'date', required: true, format: DATE_FORMAT },
    {
      code: 'registered_capital', name: '注册资本（万元）', type: 'decimal', required: false,
      min: 0, max: 100000000, scale: 4, format: '单位：万元，最多4位小数',
    },
    {
      code: 'entity_type', name: '主体类型', type: 'code', required: true,
      codeTable: table('有限责任公司', '股份有限公司', '个人独资企业', '合伙企业', '农民专业合作社', '个体工商户', '其他'),
    },
    {
      code: 'domicile_code', name: '住所', type: 'divisionCode', required: true,
      divisionCodeLength: 'either', format: '住所所在地的行政区划代码，6位或12位',
    },
  ],
};

const hardshipVisit: CatalogResource = {
  code: RESOURCE_HARDSHIP_VISIT,
  name: '特殊困难群众走访记录',
  provider: '乡镇社会事务办',
  summary: '干部走访特殊困难群众的记录，含健康和家庭情况。列入负面清单，不予共享，只留在本节点。',
  sharingType: 'none',
  updateCycle: 'irregular',
  items: [
    personId('id_number', '公民身份号码'),
    personName('name', '姓名'),
    { code: 'visited_on', name: '走访日期', type: 'date', required: true, format: DATE_FORMAT },
    { code: 'notes', name: '情况说明', type: 'text', required: true, maxLength: 500, personal: true },
  ],
};

export const sampleCatalog: Catalog = {
  // A new version whenever the content changes (2026.12: the division table), so a node
  // holding the previous one takes this one from the exchange instead of keeping its own.
  version: '2026.12-sample',
  resources: [povertyHousehold, population, disasterReport, marketEntity, hardshipVisit],
  divisions: sampleDivisions,
};
