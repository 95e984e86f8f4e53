import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { MESSAGES } from './messages';

/** Vietnamese by default; the choice of English is remembered on this browser. */
const saved = localStorage.getItem('lien-thong.lang');
void i18n.use(initReactI18next).init({
  resources: { vi: { translation: MESSAGES.vi }, en: { translation: MESSAGES.en } },
  lng: saved === 'en' ? 'en' : 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  localStorage.setItem('lien-thong.lang', lng);
});

export default i18n;
