// The one check of a DNS name in a SPIRE registration entry, used by the ClusterStaticEntry and
// ClusterSpiffeId constructs at synth and by the identity plan. It is SPIRE server 1.15's rule, not
// RFC 1123's: spiffe/spire pkg/server/api/entry.go ProtoToRegistrationEntryWithMask passes each
// DNS name to pkg/common/x509util/dns.go ValidateLabel, which requires ASCII, at most one `*` and
// only as a leading `*.`, no trailing dot, and then, after trimming spaces and lowering case
// (RFC 4343), what golang.org/x/net/idna ToASCII accepts with StrictDomainName(false) (no STD3
// character rule: `_` is fine), ValidateLabels, VerifyDNSLength (labels of 1-63 bytes, at most
// 253 in all), CheckHyphens (no label starting or ending with "-", no "--" in positions 3-4 outside
// an `xn--` label) and CheckJoiners, the result equal to its input ("label mismatch after idna").

import { domainToASCII, domainToUnicode } from 'url';

const MAX_LABEL = 63;
const MAX_NAME = 253;

/** The rule, as every message states it. */
export const SPIRE_DNS_NAME_RULE = '(SPIRE server: pkg/common/x509util/dns.go ValidateLabel: ASCII; at most one wildcard, only as a leading "*."; '
  + `no trailing dot; labels of 1-${MAX_LABEL} characters not starting or ending with "-"; at most ${MAX_NAME} characters; `
  + '"_" and upper case are accepted)';

/**
 * Why SPIRE refuses `value` as a DNS name of a registration entry, or undefined when it accepts
 * it. The message names the rule (SPIRE's ValidateLabel), so a construct can put it after the
 * property and the value.
 */
export function dnsNameProblem(value: string): string | undefined {
  return dnsNameShapeProblem([value]);
}

/**
 * The same check for a name only partly known before run time: `pieces` are the known texts, with
 * `undefined` for text that exists only at run time (a template's value, a pod's UID), which may
 * be any length, empty included. Only what no run-time text can repair is reported.
 */
export function dnsNameShapeProblem(pieces: ReadonlyArray<string | undefined>): string | undefined {
  const refuse = (why: string) => `${why} ${SPIRE_DNS_NAME_RULE}`;
  const known = pieces.filter((p): p is string => p !== undefined);
  const exact = known.length === pieces.length;
  const text = known.join('');
  if (/[^\x00-\x7f]/.test(text)) return refuse('is not ASCII ("name must be ascii"); use the punycode (xn--) form');

  // The wildcard: at most one, and only as the leading "*." of the whole name.
  const stars = text.split('*').length - 1;
  let rest: Array<string | undefined> = [...pieces];
  if (stars > 1) return refuse('has more than one "*" ("too many wildcards")');
  if (stars === 1) {
    const first = pieces[0];
    if (first === undefined || !first.startsWith('*.')) return refuse('has a "*" that is not a leading "*." label ("wildcard must be first label")');
    rest = [first.slice(2), ...pieces.slice(1)];
  }

  // Trimmed of spaces, then not empty and without a trailing dot.
  const firstKnown = rest.findIndex((p) => p !== '');
  if (rest[firstKnown] !== undefined && firstKnown >= 0) rest[firstKnown] = rest[firstKnown]!.replace(/^\s+/, '');
  const last = rest[rest.length - 1];
  if (last !== undefined) rest[rest.length - 1] = last.replace(/\s+$/, '');
  if (exact && rest.join('') === '') return refuse('is empty ("empty or only whitespace")');
  const tail = rest[rest.length - 1];
  if (tail !== undefined && tail.endsWith('.')) return refuse('ends with "." ("domain ends with dot")');

  // The labels, each a list of pieces (undefined: run-time text).
  const labels: Array<Array<string | undefined>> = [[]];
  for (const piece of rest) {
    if (piece === undefined) {
      labels[labels.length - 1].push(undefined);
      continue;
    }
    piece.toLowerCase().split('.').forEach((chunk, i) => {
      if (i > 0) labels.push([]);
      if (chunk !== '') labels[labels.length - 1].push(chunk);
    });
  }
  let minimum = labels.length - 1;
  for (const label of labels) {
    if (label.length === 0) return refuse('has an empty label (idna: invalid label)');
    const literal = label.every((p) => p !== undefined) ? label.join('') : undefined;
    // Run-time text may be empty; a label of run-time text only must still render something.
    const bytes = label.reduce((n, p) => n + (p?.length ?? 0), 0) || 1;
    minimum += bytes;
    const shown = literal ?? label.map((p) => p ?? '…').join('');
    if (bytes > MAX_LABEL) return refuse(`has the label "${excerpt(shown)}", of ${literal === undefined ? 'at least ' : ''}${bytes} characters, more than ${MAX_LABEL} (idna VerifyDNSLength)`);
    const head = label[0];
    const end = label[label.length - 1];
    if ((head !== undefined && head.startsWith('-')) || (end !== undefined && end.endsWith('-'))) {
      return refuse(`has the label "${shown}", which starts or ends with "-" (idna CheckHyphens)`);
    }
    // Positions 3-4 are only certain when the label's first four characters are known text.
    const lead = head !== undefined && head.length >= 4 ? head : literal;
    if (lead === undefined) continue;
    if (lead.startsWith('xn--')) {
      if (literal === undefined) continue;
      // A punycode label must decode, and encode back to itself (the "defensive check").
      const unicode = domainToUnicode(literal);
      if (!unicode || unicode === literal || domainToASCII(unicode) !== literal) return refuse(`has the label "${literal}", which is not valid punycode (idna)`);
    } else if (lead.length >= 4 && lead[2] === '-' && lead[3] === '-') {
      return refuse(`has the label "${shown}", with "--" in positions 3 and 4 (idna CheckHyphens)`);
    }
  }
  if (minimum > MAX_NAME) return refuse(`is ${exact ? '' : 'at least '}${minimum} characters long, more than ${MAX_NAME} (idna VerifyDNSLength)`);
  return undefined;
}

function excerpt(value: string, max = 60): string {
  return value.length <= max ? value : `${value.slice(0, max - 3)}...`;
}
