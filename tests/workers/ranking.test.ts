/**
 * The points ranking inside workerd: the ranking model (models/points/*.json) is bundled into the Worker and
 * a small ranking runs through the real entry (src/worker.ts).
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const ORIGIN = 'http://allocator.test';

describe('POST /v1/rankings in workerd', () => {
  it('ranks with the bundled sichuan-county-points model', async () => {
    const res = await exports.default.fetch(ORIGIN + '/v1/rankings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'sichuan-county-points',
        unit: 'wan',
        regions: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
        events: [
          { region: 'A', kind: 'visit', points: '-2', date: '2024-06-02' },
          { region: 'C', kind: 'bulletin', points: '1', period: '2024-Q3' },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      model: { id: string };
      summary: { regions: number; penalties: string };
      rows: { id: string; rank: number; penalty: string; reward: string; reason: { zh: string } }[];
      provenance: { model: { hash: string } };
    };
    expect(body.model.id).toBe('sichuan-county-points');
    expect(body.summary).toMatchObject({ regions: 4, penalties: '400.00' });
    expect(body.provenance.model.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(body.rows[0].reason.zh).toContain('奖励 400.00 万元');
    // 4 regions: N = ⌊4/2⌋ = 2. C 101 is rank 1 (top, 400); A 98 is 1st from the bottom (loses 400); B and D tie
    // at 100, rank 2 and 2nd from the bottom — within both groups, so in neither
    expect(body.rows.map((r) => [r.id, r.rank, r.penalty, r.reward])).toEqual([
      ['C', 1, '0.00', '400.00'],
      ['B', 2, '0.00', '0.00'],
      ['D', 2, '0.00', '0.00'],
      ['A', 4, '400.00', '0.00'],
    ]);
  });
});
