'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/components/api-client';

const ROLES = ['admin', 'member', 'viewer'] as const;

async function send(url: string, method: string, body?: unknown): Promise<{ ok: boolean; data: unknown; message?: string }> {
  const result = await callApi<unknown>(url, { method, json: body });
  return result.ok ? { ok: true, data: result.data } : { ok: false, data: null, message: result.message };
}

/** Make an invite link for a role. */
export function InviteForm() {
  const router = useRouter();
  const [role, setRole] = useState<(typeof ROLES)[number]>('member');
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-2">
        <select
          aria-label="Role of the invited person"
          value={role}
          onChange={(e) => setRole(e.target.value as (typeof ROLES)[number])}
          className="rounded border border-slate-300 px-2 py-1"
        >
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <button
          type="button"
          className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50"
          onClick={async () => {
            const result = await send('/api/invites', 'POST', { role });
            if (!result.ok) return setError(result.message ?? 'The invite could not be made.');
            setError(null);
            setUrl((result.data as { url: string }).url);
            router.refresh();
          }}
        >
          Create invite link
        </button>
      </div>
      {url ? (
        <input
          readOnly
          aria-label="Invite link"
          value={url}
          className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs"
          onFocus={(e) => e.currentTarget.select()}
        />
      ) : null}
      {url ? <p className="text-xs text-slate-500">Send it to the person; it works once, for 7 days.</p> : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A user's role, changeable by admins. */
export function RoleSelect({ userId, role, email }: { userId: string; role: string; email: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <select
        aria-label={`Role of ${email}`}
        defaultValue={role}
        className="rounded border border-slate-300 px-2 py-1"
        onChange={async (e) => {
          const result = await send(`/api/users/${userId}`, 'PATCH', { role: e.target.value });
          setError(result.ok ? null : (result.message ?? 'The role could not be changed.'));
          router.refresh();
        }}
      >
        {ROLES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      {error ? (
        <span role="alert" className="ml-2 text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/** Revoke an invite or a token. */
export function RevokeButton({ url, label }: { url: string; label: string }) {
  const router = useRouter();
  return (
    <button
      type="button"
      className="text-sm text-red-700 hover:underline"
      onClick={async () => {
        await send(url, 'DELETE');
        router.refresh();
      }}
    >
      {label}
    </button>
  );
}

/** Make an API token; it is shown once. */
export function TokenForm() {
  const router = useRouter();
  const [name, setName] = useState('ci');
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-2">
        <input aria-label="Token name" value={name} onChange={(e) => setName(e.target.value)} className="rounded border border-slate-300 px-2 py-1" />
        <button
          type="button"
          className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50"
          onClick={async () => {
            const result = await send('/api/tokens', 'POST', { name });
            if (!result.ok) return setError(result.message ?? 'The token could not be made.');
            setError(null);
            setToken((result.data as { token: string }).token);
            router.refresh();
          }}
        >
          Create token
        </button>
      </div>
      {token ? (
        <div className="rounded border border-amber-200 bg-amber-50 p-2 text-sm">
          <p>Copy it now: it is not shown again.</p>
          <input
            readOnly
            aria-label="New token"
            value={token}
            className="mt-1 w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs"
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
