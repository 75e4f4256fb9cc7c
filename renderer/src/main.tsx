import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { StoreContext } from './store/context.ts';
import { createStore } from './store/store.ts';
import './styles.css';

const store = createStore();
store.getState().start();
// Lets the benchmarks in bench/ reach the store from the page; nothing else uses it.
(window as unknown as { __sparkExperimentsStore?: typeof store }).__sparkExperimentsStore = store;

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
