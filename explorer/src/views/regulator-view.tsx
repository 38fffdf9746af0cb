import { useEffect, useState } from 'preact/hooks';
import type { Api, EventEnvelope, Me } from '../api';
import { messageOf, readsEverything } from '../app';
import { checkInclusion, checkSignature, parseCheckpoint, type InclusionCheck, type ParsedCheckpoint, type SignatureCheck } from '../verify/inclusion-check';

interface Signed {
  note: string;
  checkpoint: ParsedCheckpoint;
  signature: SignatureCheck;
}

const SIGNATURE_WORDS: Record<SignatureCheck, string> = {
  valid: 'valid: signed with the log’s Ed25519 key, checked in this browser',
  invalid: 'INVALID: the signature does not match the log’s key',
  'no-signature-by-this-key': 'INVALID: no signature by the log’s key',
  unsupported: 'not checked: this browser’s WebCrypto has no Ed25519',
};

/**
 * The regulator's page: the latest signed checkpoint, its signature verified here, and a check
 * that any event (pasted, or picked from a lot's history) is in the tree the checkpoint signs.
 */
export function RegulatorView({ api, me, query }: { api: Api; me: Me; query: URLSearchParams }) {
  const [signed, setSigned] = useState<Signed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [envelope, setEnvelope] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string; check?: InclusionCheck; proofSize?: number } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!readsEverything(me)) return;
    Promise.all([api.checkpoint(), api.publicKey()])
      .then(async ([note, pem]) => {
        const checkpoint = parseCheckpoint(note);
        setSigned({ note, checkpoint, signature: await checkSignature(checkpoint, pem) });
      })
      .catch((e) => setError(messageOf(e)));
  }, [api]);

  const lotId = query.get('lotId');
  const eventId = query.get('eventId');
  useEffect(() => {
    if (!lotId || !eventId) return;
    api
      .lotEvents(lotId)
      .then((answer) => {
        const found = answer.events.find((e) => e.eventId === eventId);
        if (found) setEnvelope(JSON.stringify(found));
        else setError(`Event ${eventId} is not in the history of lot ${lotId}.`);
      })
      .catch((e) => setError(messageOf(e)));
  }, [lotId, eventId]);

  if (!readsEverything(me)) {
    return (
      <section>
        <h1>Signed log</h1>
        <p class="error">Checkpoints and proofs are for auditors and regulators; sign in with such a key.</p>
      </section>
    );
  }

  const check = async () => {
    if (!signed) return;
    setBusy(true);
    setResult(null);
    try {
      let event: EventEnvelope;
      try {
        event = JSON.parse(envelope) as EventEnvelope;
      } catch {
        throw new Error('The event is not JSON: paste one line of GET /v1/ledger/events or of an export.');
      }
      if (typeof event.eventId !== 'string') throw new Error('The event has no eventId.');
      const proof = await api.inclusionProof(event.eventId, signed.checkpoint.treeSize);
      const outcome = await checkInclusion(event, proof, signed.checkpoint);
      const signedWell = signed.signature === 'valid';
      setResult({
        ok: outcome.included && signedWell,
        check: outcome,
        proofSize: proof.hashes.length,
        text: outcome.included
          ? signedWell
            ? `Verified: event ${event.eventId} is leaf ${proof.leafIndex} of the log of ${proof.treeSize} events whose root the checkpoint signs.`
            : `The event is in the tree of the checkpoint, but the checkpoint's signature is ${SIGNATURE_WORDS[signed.signature]}.`
          : `NOT verified: the root computed from event ${event.eventId} and its proof is not the checkpoint's root. The event as given is not the one the log holds.`,
      });
    } catch (e) {
      setResult({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="regulator-title">
      <h1 id="regulator-title">Signed log</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="checkpoint-title">
        <h2 id="checkpoint-title">Latest signed checkpoint</h2>
        {!signed && !error && <p class="loading">Reading the checkpoint…</p>}
        {signed && (
          <>
            <dl class="state">
              <dt>Log</dt>
              <dd>{signed.checkpoint.origin}</dd>
              <dt>Events in it</dt>
              <dd>{signed.checkpoint.treeSize}</dd>
              <dt>Root hash</dt>
              <dd>
                <code>{btoa(String.fromCharCode(...signed.checkpoint.rootHash))}</code>
              </dd>
              <dt>Signed at</dt>
              <dd>{signed.checkpoint.time ?? 'not stated'}</dd>
              <dt>Signature</dt>
              <dd class={signed.signature === 'valid' ? 'ok' : 'bad'} data-signature={signed.signature}>
                {SIGNATURE_WORDS[signed.signature]}
              </dd>
            </dl>
            <details>
              <summary>The checkpoint as signed</summary>
              <pre>{signed.note}</pre>
            </details>
          </>
        )}
      </section>
      <section aria-labelledby="inclusion-title">
        <h2 id="inclusion-title">Is this event in the log?</h2>
        <p class="help">
          Paste an event as the ledger gives it (one line of <code>GET /v1/ledger/events</code> or of an export), or pick “check in the signed log” in a lot’s history. Its leaf hash,
          the audit path to the root and the root are all computed in this browser.
        </p>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void check();
          }}
        >
          <label for="envelope">Event (JSON)</label>
          <textarea id="envelope" rows={6} value={envelope} onInput={(e) => setEnvelope((e.target as HTMLTextAreaElement).value)} />
          <button type="submit" disabled={busy || !signed || envelope.trim() === ''}>
            {busy ? 'Checking…' : 'Check inclusion'}
          </button>
        </form>
        <div aria-live="polite">
          {result && (
            <div class={`verdict ${result.ok ? 'ok' : 'bad'}`} data-verdict={result.ok ? 'verified' : 'not-verified'}>
              <p>
                <strong>{result.text}</strong>
              </p>
              {result.check && (
                <ul>
                  <li>
                    leaf hash (SHA-256 of 0x00 and the canonical JSON): <code>{result.check.leafHash}</code>
                  </li>
                  <li>
                    root from the leaf and {result.proofSize} proof hash(es): <code>{result.check.computedRoot ?? 'none (the proof does not fit)'}</code>
                  </li>
                  <li>
                    root the checkpoint signs: <code>{result.check.checkpointRoot}</code>
                  </li>
                </ul>
              )}
            </div>
          )}
        </div>
      </section>
    </section>
  );
}
