import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { makeAuth } from "./app/provider";
import { loadConfig } from "./config/runtime";
import { registerServiceWorker } from "./lib/browser-push";
import { makeQueryClient } from "./lib/query-client";
import "./styles.css";

const root = createRoot(document.getElementById("root") as HTMLElement);

async function boot(): Promise<void> {
  try {
    const config = await loadConfig();
    const auth = makeAuth(config);
    await auth.init();
    root.render(
      <StrictMode>
        <App config={config} auth={auth} queryClient={makeQueryClient()} />
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <main className="page">
        <h1>SoulSeer</h1>
        <p role="alert">SoulSeer could not start: {error instanceof Error ? error.message : String(error)}</p>
      </main>,
    );
  }
}

void boot();
registerServiceWorker();
