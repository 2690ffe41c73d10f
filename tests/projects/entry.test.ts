/**
 * Entry review's words (src/domain/projects/entry.ts with models/projects/sichuan.json): the negative list's
 * keywords catch the core noun phrases of an item (村级债务, 公务车辆) without refusing legitimate projects that
 * share a bare noun (债务, 车辆); the vocabulary's messages name the model's words as a county writes them.
 */
import { describe, expect, it } from 'vitest';
import { entryReasons, negativeListHit, vocabularyIssues } from '../../src/domain/projects/entry.js';
import { project, SICHUAN } from './checks-fixtures.js';

const hit = (name: string, content?: string) => negativeListHit(project({ id: 'X', name, ...(content ? { content } : {}) }), SICHUAN);

describe('the negative list (audit 15 #19)', () => {
  it.each([
    ['偿还村级债务', 'debt'],
    ['化解乡村债务', 'debt'],
    ['清偿村集体债务', 'debt'],
    ['村委会偿还债务', 'debt'],
    ['购买公务车辆', 'vehicles'],
    ['购置公务车一辆', 'vehicles'],
    ['乡镇购买办公车辆', 'vehicles'],
    ['购置车辆', 'vehicles'],
  ])('refuses %s (%s)', (name, item) => {
    expect(hit(name)?.item.id).toBe(item);
    expect(entryReasons(project({ id: 'X', name }), SICHUAN).map((r) => r.code)).toEqual(['entry-negative-list']);
  });

  it('a phrase in the content counts as one in the name', () => {
    expect(hit('村级事务支出', '用于偿还村级债务30万元')).toMatchObject({ field: 'content', keyword: '村级债务' });
  });

  it.each(['防范化解返贫风险产业园', '冷链运输车辆购置（合作社经营）', '农村公路车辆通行安全设施', '小额信贷贴息', '防范债务风险培训'])(
    'admits %s: a bare noun is not on the list',
    (name) => {
      expect(hit(name)).toBeUndefined();
      expect(entryReasons(project({ id: 'X', name }), SICHUAN)).toEqual([]);
    },
  );

  it('the model states the limits of keyword matching', () => {
    expect(SICHUAN.description).toContain('not bare nouns');
  });
});

describe('the vocabulary is said in the model’s Chinese words with their ids (audit 15 #13)', () => {
  it('unknown category, fund source and purpose list 中文名 (id)', () => {
    const issues = vocabularyIssues({ category: '养殖', sources: ['central', '世界银行'], purpose: '其他' }, SICHUAN, '/projects/0');
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['/projects/0/category', 'project-unknown-category'],
      ['/projects/0/sources/1', 'unknown-fund-source'],
      ['/projects/0/purpose', 'project-unknown-purpose'],
    ]);
    const [category, source, purpose] = issues;
    expect(source.zh).toContain('请使用 中央衔接资金（central）、省级衔接资金（provincial）、市级衔接资金（city）、县级衔接资金（county） 之一');
    expect(source.en).toContain('中央衔接资金 (central), 省级衔接资金 (provincial), 市级衔接资金 (city), 县级衔接资金 (county)');
    expect(category.zh).toContain('产业发展（industry）、小型公益性基础设施（infrastructure）');
    expect(purpose.zh).toContain('巩固拓展脱贫攻坚成果（consolidation）');
    for (const i of issues) expect(i.zh).not.toMatch(/请使用 [a-z]/);
  });

  it('an unrelated purpose is named in Chinese with its id in English too', () => {
    const [reason] = entryReasons(project({ id: 'U', purpose: 'unrelated' }), SICHUAN);
    expect(reason.en).toContain('与衔接推进乡村振兴无关 (unrelated)');
  });
});
