/**
 * Source assignment (kind 3 of issue 4) by hand: chosen projects funded in full, each source within its
 * budget, on its industry floor, off its negative list, money used in the order of preference.
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/core/errors.js';
import type { PortfolioResult, ProjectInput, SourceAssignmentInput } from '../../src/domain/optimization/problems.js';
import { assignSources } from '../../src/domain/optimization/sources/assignment.js';

const A: ProjectInput = { id: 'A', cost: '8', category: 'infrastructure' };
const B: ProjectInput = { id: 'B', cost: '8', category: 'industry' };

function request(extra: Partial<SourceAssignmentInput>): SourceAssignmentInput {
  return {
    unit: 'wan',
    granularity: '1',
    sources: [
      { id: 'central', budget: '10' },
      { id: 'provincial', budget: '10' },
      { id: 'county', budget: '10' },
    ],
    projects: [A, B],
    ...extra,
  };
}

const used = (r: PortfolioResult) => Object.fromEntries(r.sources.map((s) => [s.id, s.used]));

describe('source assignment', () => {
  it('uses money in the order of preference', async () => {
    // county pays all it has (10), central the rest (6); provincial is not needed
    const r = await assignSources(request({ preference: ['county', 'central'] }));
    expect(r.kind).toBe('sources');
    expect(r.solve.status).toBe('optimal');
    expect(used(r)).toEqual({ central: '6', provincial: '0', county: '10' });
    for (const p of r.projects) {
      expect(p.chosen).toBe(true);
      expect(Object.values(p.bySource).reduce((s, x) => s + Number(x), 0)).toBe(8);
    }
    expect(r.marginalValues).toEqual([]);
    // default: as listed
    expect(used(await assignSources(request({})))).toEqual({ central: '10', provincial: '6', county: '0' });
  });

  it('pays as much from a floored source as its floor allows, in whole granules', async () => {
    // central: B (8) and at most 5.33 of A, since 8 / (8 + x) ≥ 0.6 ⇔ x ≤ 5.333…; 5.34 would break the floor
    const r = await assignSources(
      request({
        granularity: '0.01',
        sources: [
          { id: 'central', budget: '20', floor: '0.6' },
          { id: 'provincial', budget: '20' },
        ],
      }),
    );
    expect(used(r)).toEqual({ central: '13.33', provincial: '2.67' });
    expect(r.projects.map((p) => p.bySource)).toEqual([{ central: '5.33', provincial: '2.67' }, { central: '8.00' }]);
    expect(r.sources[0]).toMatchObject({ industry: '8.00', industryShare: '0.600150037509', industrySharePercent: '60.02%', floorBinding: false });
  });

  it('works in whole yuan with amounts near 10^9', async () => {
    // central can pay its whole 10^9 (at least 60% of it, 6 × 10^8, on the industry project); county the
    // other 666,666,665. Which project central's non-industry 4 × 10^8 goes to is not unique.
    const r = await assignSources({
      unit: 'yuan',
      granularity: '1',
      sources: [
        { id: 'central', budget: '1000000000', floor: '0.6' },
        { id: 'county', budget: '1000000000' },
      ],
      projects: [
        { id: 'A', cost: '123456789', category: 'infrastructure' },
        { id: 'B', cost: '987654321', category: 'industry' },
        { id: 'C', cost: '555555555', category: 'infrastructure' },
      ],
    });
    expect(r.solve.status).toBe('optimal');
    expect(used(r)).toEqual({ central: '1000000000', county: '666666665' });
    expect(Number(r.sources[0].industry)).toBeGreaterThanOrEqual(600_000_000);
    r.projects.forEach((p, i) => {
      const paid = Object.values(p.bySource).reduce((sum, x) => sum + BigInt(x), 0n);
      expect(paid).toBe([123456789n, 987654321n, 555555555n][i]);
    });
  });

  it('keeps each source off its negative list', async () => {
    const r = await assignSources(
      request({
        sources: [
          { id: 'central', budget: '16', forbiddenCategories: ['infrastructure'] },
          { id: 'county', budget: '16' },
        ],
      }),
    );
    expect(r.projects.map((p) => p.bySource)).toEqual([{ county: '8' }, { central: '8' }]);
  });

  it('explains a floor the chosen projects cannot meet', async () => {
    const r = await assignSources(request({ sources: [{ id: 'central', budget: '20', floor: '0.6' }] }));
    expect(r.solve.status).toBe('infeasible');
    expect(r.projects).toEqual([]);
    expect(r.infeasibility!.relaxations).toEqual([
      expect.objectContaining({
        id: 'source:central:floor',
        asked: '0.6',
        reachable: '0.5',
        en: 'the 60% industry floor for central funds cannot be met: at most 50% is reachable with the chosen projects',
      }),
    ]);
    expect(r.infeasibility!.verified).toBe(true);
  });

  it('explains budgets short of the chosen projects', async () => {
    const r = await assignSources(request({ sources: [{ id: 'county', budget: '12' }] }));
    expect(r.infeasibility!.relaxations.map((x) => [x.id, x.asked, x.reachable])).toEqual([['source:county:budget', '12', '16']]);
    expect(r.infeasibility!.en).toContain('county funds fall short by 4 万元 for the chosen projects');
  });

  it('refuses a preference naming an unknown or repeated source, and a project no source may pay for', async () => {
    const e = await assignSources(
      request({
        preference: ['county', 'nope', 'county'],
        projects: [{ ...A, sources: ['central'] }, B],
        sources: [
          { id: 'central', budget: '10', forbiddenCategories: ['infrastructure'] },
          { id: 'county', budget: '10' },
        ],
      }),
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).issues.map((i) => i.path)).toEqual(['/preference/1', '/preference/2', '/projects/0/sources']);
  });
});
