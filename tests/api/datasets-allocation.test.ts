/**
 * A dataset made from a planner's CSV (GBK, Chinese headers and categories) is what an allocation takes: the
 * allocation by reference to it answers the same amounts as the same regions sent inline as JSON numbers.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { gbk } from '../fixtures/datasets/gbk.js';

const CSV =
  '编号,名称,重点帮扶县,易地搬迁集中安置人口,脱贫人口,监测对象,脱贫人口人均纯收入（元）,上年度绩效评价得分\r\nA,甲县,国家重点县,1200,52000,3100,15600,92\r\nB,乙县,省级重点县,300,31000,1800,17300,85\r\nC,丙县,其他,0,12000,700,19800,88\r\n';

describe('a CSV dataset in an allocation', () => {
  it('by reference: the same rows (amounts, shares) as the README example sent inline', async () => {
    const store = sqliteStore(':memory:');
    const app = createApp({ store });
    const key = (await createKey(store, { name: 'p', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    const auth = { authorization: `Bearer ${key}` };
    const made = await app.request(`/v1/datasets?title=t&jurisdiction=j&year=2024&model=sichuan-2024`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: gbk(CSV),
    });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const allocate = async (regions: unknown) => {
      const res = await app.request('/v1/allocations', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'sichuan-2024', total: '1000.00', unit: 'wan', regions }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { rows: unknown[]; summary: unknown };
    };
    const byReference = await allocate({ dataset: id, revision: 1 });
    const inline = await allocate(EXAMPLE_REGIONS);
    expect(byReference.rows).toEqual(inline.rows);
    expect(byReference.summary).toEqual(inline.summary);
  });
});
