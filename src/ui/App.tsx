import { BackendStatus } from './BackendStatus.tsx';

/** The playground page. The controls arrive with the engine; for now it says what the browser offers. */
export function App() {
  return (
    <main className="app">
      <header>
        <h1>GPT Playground</h1>
        <p>See how a language model writes: GPT-2, DistilGPT-2 and GPT-Neo, running in your browser.</p>
      </header>
      <BackendStatus />
    </main>
  );
}
