import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { app } from './app';
import { errors } from '../lib/errors/messages';

/**
 * The console's catalogue. Each feature keeps its words in `features/<name>/i18n.ts`, exporting
 * `{ ja: {...}, en: {...} }`; they are collected here under the feature's folder name as namespace
 * (`t('members:list.title')`). Japanese is the default; the header's switch picks English and the choice is kept
 * in localStorage (a preference, not a secret).
 */
export type Catalogue = { ja: Record<string, unknown>; en: Record<string, unknown> };

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const PREFERENCE_KEY = 'kanri.language';

const modules = import.meta.glob<{ default: Catalogue }>('../features/*/i18n.ts', { eager: true });

function buildResources(): Resource {
  const resources: Resource = { ja: {}, en: {} };
  const add = (ns: string, catalogue: Catalogue) => {
    for (const lang of LANGUAGES) (resources[lang] as Record<string, unknown>)[ns] = catalogue[lang];
  };
  add('app', app);
  add('errors', errors);
  for (const [path, module] of Object.entries(modules)) {
    const ns = /features\/([^/]+)\/i18n\.ts$/.exec(path)?.[1];
    if (ns) add(ns, module.default);
  }
  return resources;
}

export function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(PREFERENCE_KEY);
    return value === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(PREFERENCE_KEY, lang);
  } catch {
    // storage refused (private mode): the choice lasts for this page only
  }
  void i18next.changeLanguage(lang);
}

i18next.on('languageChanged', (lang) => {
  document.documentElement.lang = lang;
});

void i18next.use(initReactI18next).init({
  resources: buildResources(),
  lng: storedLanguage(),
  fallbackLng: 'ja',
  defaultNS: 'app',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;
