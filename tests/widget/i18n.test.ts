/** Every text of the widget exists in Chinese and English with the same placeholders (src/widget/i18n.ts). */
import { describe, expect, it } from 'vitest';
import { LANGS, langOf, MESSAGES, placeholders, t } from '../../src/widget/i18n.js';
import { STAGES } from '../../src/widget/waterfall.js';

describe('the widget’s texts', () => {
  it('has every key in both languages, none empty', () => {
    const keys = Object.keys(MESSAGES.en).sort();
    expect(keys.length).toBeGreaterThan(30);
    expect(Object.keys(MESSAGES.zh).sort()).toEqual(keys);
    for (const lang of LANGS) for (const k of keys) expect(MESSAGES[lang][k as keyof typeof MESSAGES.en].trim(), `${lang}.${k}`).not.toBe('');
  });

  it('takes the same placeholders in both languages', () => {
    for (const k of Object.keys(MESSAGES.en) as (keyof typeof MESSAGES.en)[]) {
      expect(placeholders(MESSAGES.zh[k]).sort(), k).toEqual(placeholders(MESSAGES.en[k]).sort());
    }
  });

  it('says the Chinese in Chinese and the English in English', () => {
    const han = /[\u4e00-\u9fff]/;
    expect(han.test(t('zh', 'checked'))).toBe(true);
    expect(han.test(t('en', 'checked'))).toBe(false);
    expect(t('zh', 'checked')).toContain('与服务器结果一致');
  });

  it('names every waterfall stage and the closing amount', () => {
    for (const stage of [...STAGES, 'amount']) {
      for (const lang of LANGS) expect(Object.keys(MESSAGES[lang])).toContain(`stage_${stage}`);
    }
  });

  it('fills placeholders and leaves a missing one visible', () => {
    expect(t('en', 'errorNetwork', { api: 'http://127.0.0.1:9' })).toBe(
      'Cannot reach the service at http://127.0.0.1:9. Check the connection and try again.',
    );
    expect(t('zh', 'saved', { id: 'sc_1' })).toBe('已保存为情景 sc_1');
    expect(t('en', 'saved')).toBe('Saved as scenario {id}');
  });

  it('reads the lang attribute (zh by default)', () => {
    expect(langOf('en')).toBe('en');
    expect(langOf('en-GB')).toBe('en');
    expect(langOf('zh-CN')).toBe('zh');
    expect(langOf(null)).toBe('zh');
    expect(langOf('fr')).toBe('zh');
  });
});
