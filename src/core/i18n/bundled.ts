import en from '../../../public/_locales/en/messages.json' with { type: 'json' };
import es from '../../../public/_locales/es/messages.json' with { type: 'json' };
import { createTranslator, type MessageCatalogue, type Translate } from './translate.ts';

/** For Node (CLI, tests): the extension's own _locales, Spanish falling back to English. */
export type Language = 'en' | 'es';

export function bundledTranslator(language: Language = 'en'): Translate {
  const english = en as MessageCatalogue;
  return language === 'es' ? createTranslator(es as MessageCatalogue, english) : createTranslator(english);
}

export const catalogues: Record<Language, MessageCatalogue> = {
  en: en as MessageCatalogue,
  es: es as MessageCatalogue,
};
