/**
 * Monitoring and the industry-share check inside workerd: the monitoring model (models/monitoring/default.json)
 * is bundled into the Worker; seed 004's figures come out as in Node.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const ORIGIN = 'http://allocator.test';
const post = (path: string, body: unknown) =>
  exports.default.fetch(ORIGIN + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('monitoring and checks in workerd', () => {
  it('POST /v1/monitoring: seed 004, 1,041.48 of 1,134.00 = 91.84%, yellow in December; a project 43.03% off plan', async () => {
    const res = await post('/v1/monitoring', {
      year: 2021,
      month: 12,
      unit: 'wan',
      regions: [{ id: 'gaoxin', level: 'county', months: [{ month: 12, inPlace: '1134.00', spent: '1041.48' }] }],
      projects: [{ id: 'road', budget: '18.5', actual: '26.46' }],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.model.id).toBe('default');
    expect(body.rows[0]).toMatchObject({ progressPercent: '91.84%', status: 'yellow' });
    expect(body.projects[0].deviationPercent).toBe('43.03%');
    expect(body.summary).toMatchObject({ projects: 1, budget: '18.50', executionProjects: 0, executionRate: null });
    expect(body.provenance.model).toMatchObject({ id: 'default', hash: expect.stringMatching(/^sha256:/) });
    expect(body.alerts.map((a: any) => a.rule)).toEqual(['amountChange']);
  });

  it('POST /v1/checks/industry-share?format=csv: central 57.56% below 60%, the floors of the model after overrides, a total row', async () => {
    const res = await exports.default.fetch(ORIGIN + '/v1/checks/industry-share?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        year: 2024,
        overrides: { central: { step: '0' } },
        unit: 'wan',
        sources: [{ id: 'central' }],
        categories: [
          { id: 'industry', amounts: { central: '278.00' } },
          { id: 'other', amounts: { central: '205.00' } },
        ],
      }),
    });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('id,name,industry (wan),base (wan),share,sharePercent,floor,floorPercent,floorFrom,pass,marginPoints,gap (wan),reason,reason_zh');
    expect(lines[1]).toMatch(/^central,,278\.00,483\.00,0\.575569358178,57\.56%,0\.600000000000,60\.00%,centralPolicy,false,-2\.44,-11\.80,/);
    expect(lines[2]).toMatch(/^total · 合计,,278\.00,483\.00,0\.575569358178,57\.56%,/);
  });
});
