import { render } from 'preact';
import { htmlLang, lang } from './i18n/index.js';
import { App } from './shell/App.js';
import './styles.css';

document.documentElement.lang = htmlLang[lang.get()];
render(<App />, document.getElementById('app')!);
