import { render } from 'preact';
import { t, uiLanguage } from '../ui/i18n.ts';
import { App } from './App.tsx';
import '../ui/theme.css';
import './options.css';

document.documentElement.lang = uiLanguage();
document.title = `${t('extName')}: ${t('optTitle')}`;
const root = document.getElementById('app');
if (root) render(<App />, root);
