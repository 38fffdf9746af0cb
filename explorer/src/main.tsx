import { render } from 'preact';
import 'chartist/dist/index.css';
import './styles.css';
import { App } from './app';

const root = document.getElementById('app')!;
// The page's "Loading…" line goes: the app takes the whole container.
root.textContent = '';
render(<App />, root);
