// A file import is held to the node's division like the form: on the sample node
// (琼中黎族苗族自治县 469030), a row whose 所在村 is a Beijing village code is refused in the
// report with the form's message; the other rows go in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSetUpNode } from '../support/test-node';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { POVERTY_HEADERS, csvText, povertyRow } from './support/fixtures';
import { importBytes } from './support/intake-node';

let t: Awaited<ReturnType<typeof startSetUpNode>>;
before(async () => {
  t = await startSetUpNode();
});
after(() => t.cleanup());

test('a row with a village code outside the node’s division is refused in the report', async () => {
  const rows = [POVERTY_HEADERS, povertyRow(700, { 所在村: '469030101206' }), povertyRow(701, { 所在村: '110105001001' })];
  const { report } = await importBytes(t, t.tokens.clerk, '贫困户-区划.csv', Buffer.from(csvText(rows)), RESOURCE_POVERTY_HOUSEHOLD);
  assert.deepEqual({ imported: report.imported, rejected: report.rejected }, { imported: 1, rejected: 1 });
  assert.deepEqual(report.errors, [
    { row: 3, column: '所在村', value: '110105001001', reason: '「所在村」行政区划代码 110105001001 不属于本节点所辖区域（琼中黎族苗族自治县 469030）' },
  ]);
});
