import { useState } from 'react';

/**
 * Downloads a CSV export (`GET /export/customers.csv?…`) with the signed-in person's token: the
 * server streams it, the page keeps it as a file. A refusal is said in words.
 */
export function ExportButton(props: { label: string; query: URLSearchParams; token: string; fileName?: string }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null; done: string | null }>({
    busy: false,
    error: null,
    done: null,
  });
  return (
    <span className="export">
      <button
        type="button"
        className="secondary"
        disabled={state.busy}
        onClick={async () => {
          setState({ busy: true, error: null, done: null });
          try {
            const res = await fetch(`/export/customers.csv?${props.query}`, { headers: { authorization: `Bearer ${props.token}` } });
            if (!res.ok) {
              const body = await res.json().catch(() => null);
              const message: string = body?.errors?.[0]?.message ?? `The server answered ${res.status}.`;
              setState({ busy: false, error: message, done: null });
              return;
            }
            const rows = res.headers.get('x-total-count');
            const blob = await res.blob();
            const url = URL.createObjectURL(blob);
            const a = document.createElement('a');
            a.href = url;
            // The page's own name when it gives one (the selected rows), else the server's (the list, with its date).
            a.download = props.fileName ?? /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'customers.csv';
            document.body.appendChild(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10_000);
            setState({ busy: false, error: null, done: rows === '1' ? 'Exported 1 customer.' : `Exported ${rows ?? 'the'} customers.` });
          } catch {
            setState({ busy: false, error: 'The export could not be completed (the connection was lost). Try again.', done: null });
          }
        }}
      >
        {state.busy ? 'Exporting…' : props.label}
      </button>
      {state.done ? (
        <span className="muted" role="status">
          {' '}
          {state.done}
        </span>
      ) : null}
      {state.error ? (
        <span className="notice notice-error" role="alert">
          <strong>The export was refused.</strong> {state.error}
        </span>
      ) : null}
    </span>
  );
}
