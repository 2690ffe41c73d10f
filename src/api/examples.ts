/**
 * The request examples of each operation, shown by /docs and sent as they are by its "Try it out": every one
 * is answered 2xx (tests/api/openapi.test.ts). POST /v1/optimizations has one per kind, so a planner sees a
 * regions, a portfolio and a sources request side by side.
 */
import { SEED004_VALUES } from '../schema/evaluation.js';
import { MONITORING_EXAMPLE } from '../schema/monitoring.js';
import { PORTFOLIO_EXAMPLE, REGIONS_EXAMPLE, SOURCES_EXAMPLE } from '../schema/optimization.js';
import { RANKING_EXAMPLE } from '../schema/ranking.js';
import { EXAMPLE_REGIONS } from '../schema/allocation.js';

/** OpenAPI media-type `examples`: a name → a summary and the body. */
type Examples = Record<string, { summary: string; value: unknown }>;

export const ALLOCATION_EXAMPLES: Examples = {
  sichuan2024: {
    summary: '1,000 万元 over three counties with the sichuan-2024 model',
    value: { model: 'sichuan-2024', total: '1000.00', unit: 'wan', granularity: '0.01', regions: EXAMPLE_REGIONS },
  },
};

export const COMPARE_EXAMPLES: Examples = {
  whatIf: {
    summary: 'The sichuan-2024 split against three what-ifs: policy weight 40%, no set-asides, county B poorer',
    value: {
      baseline: { model: 'sichuan-2024', total: '1000.00', unit: 'wan', regions: EXAMPLE_REGIONS },
      variants: [
        { name: 'policy 40%', overrides: { weights: { policy: '0.40', performance: '0' } } },
        { name: 'no set-asides', overrides: { off: ['setAsides'] } },
        { name: 'B poorer', regions: [{ id: 'B', indicators: { income: 14000 } }] },
      ],
    },
  },
};

export const OPTIMIZATION_EXAMPLES: Examples = {
  regions: {
    summary: 'kind regions: closest to the formula targets, with a 90% hold-harmless floor and a cap',
    value: REGIONS_EXAMPLE,
  },
  portfolio: {
    summary:
      'kind portfolio: which projects 350 万元 from two sources buys (priority classes first, then beneficiaries), with industry floors, a negative list and a partly fundable project',
    value: PORTFOLIO_EXAMPLE,
  },
  sources: {
    summary: 'kind sources: how two sources pay for two chosen projects, central funds at least 60% industry',
    value: SOURCES_EXAMPLE,
  },
};

export const RANKING_EXAMPLES: Examples = {
  sichuanCountyPoints: {
    summary: 'Four regions, a year of points events, sichuan-county-points',
    value: RANKING_EXAMPLE,
  },
  overrides: {
    summary: 'The same with overrides (a JSON merge patch of the model): bottom 1 loses a fixed 250万元, no reward',
    value: { ...RANKING_EXAMPLE, overrides: { bottom: { count: 1, amount: { from: null, to: null, fixed: '250' } }, top: null } },
  },
};

export const MONITORING_EXAMPLES: Examples = {
  june2024: {
    summary: 'Two cities in June 2024 and one project',
    value: MONITORING_EXAMPLE,
  },
  overrides: {
    summary: 'The default model with a 5-point yellow band and no reminder letters (overrides: a JSON merge patch)',
    value: {
      model: 'default',
      overrides: { status: { yellowWithin: '5%' }, alerts: { reminderLetter: null } },
      year: 2024,
      month: 6,
      unit: 'wan',
      regions: [
        { id: 'A', name: '甲市', level: 'city', months: [{ month: 6, inPlace: '1000.00', spent: '470.00' }] },
        { id: 'B', name: '乙市', level: 'city', months: [{ month: 6, inPlace: '600.00', spent: '270.00' }] },
      ],
    },
  },
};

export const INDUSTRY_CHECK_EXAMPLES: Examples = {
  year2023: {
    summary: "A district's 2023 spending by category and source",
    value: {
      year: 2023,
      unit: 'wan',
      sources: [{ id: 'central' }, { id: 'provincial' }, { id: 'district', name: '区级配套' }],
      categories: [
        { id: 'industry', name: '产业项目', amounts: { central: '278.00', provincial: '307.00' } },
        {
          id: 'infrastructure',
          name: '村基础设施',
          amounts: { central: '186.00', provincial: '42.00', district: '185.00' },
        },
        { id: 'education', name: '教育扶贫', amounts: { central: '8.00' } },
        { id: 'finance', name: '金融扶贫', amounts: { central: '8.00', provincial: '2.00' } },
        { id: 'management', name: '项目管理', amounts: { central: '3.00' } },
        { id: 'welfare', name: '综合保障', amounts: { district: '115.00' } },
      ],
    },
  },
  overrides: {
    summary: 'The sichuan model with the central floor rising 1 point a year (overrides), checked for 2025',
    value: {
      model: 'sichuan',
      overrides: { central: { step: '0.01' } },
      year: 2025,
      unit: 'wan',
      basis: 'planned',
      sources: [{ id: 'central' }, { id: 'provincial', lastYearShare: '55%' }],
      categories: [
        { id: 'industry', name: '产业项目', amounts: { central: '630.00', provincial: '300.00' } },
        { id: 'infrastructure', name: '村基础设施', amounts: { central: '370.00', provincial: '200.00' } },
      ],
    },
  },
};

export const EVALUATION_EXAMPLES: Examples = {
  seed004: { summary: "Seed 004's measured values (97 points, 优)", value: { model: 'seed004-gaoxin-2021', values: SEED004_VALUES } },
  overrides: {
    summary: 'The same with overrides (a JSON merge patch of the model): the total shown whole, and graded as shown',
    value: { model: 'seed004-gaoxin-2021', overrides: { totalRounding: { places: 0 }, grades: { basis: 'rounded' } }, values: SEED004_VALUES },
  },
};
