import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../engine/catalog.ts';
import { en } from '../i18n/en.ts';
import { es } from '../i18n/es.ts';
import { modelNoteKey } from './catalog-labels.ts';

describe('model notes', () => {
  // Notes live in the page's catalogs, so every model has one in each language.
  it('has a note for every catalog model in English and Spanish, and flags random weights in both', () => {
    for (const entry of CATALOG) {
      const key = modelNoteKey(entry.id);
      expect(en[key], entry.id).toBeTruthy();
      expect(es[key], entry.id).toBeTruthy();
      if (entry.randomWeights) {
        expect(en[key]).toContain(en['modelBar.randomWeights']);
        expect(es[key]).toContain(es['modelBar.randomWeights']);
      }
    }
  });
});
